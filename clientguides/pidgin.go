package clientguides

// pidginGuide follows Pidgin 2.14. Pidgin splits the JID into a user name
// and a domain, and shows only a lower-case SHA-1 fingerprint, untranslated.
var pidginGuide = Guide{
	Client:      Pidgin,
	Name:        "Pidgin",
	Versions:    "guide.pidgin.versions",
	Summary:     "guide.pidgin.summary",
	Platforms:   []Platform{Windows, Linux},
	Fingerprint: FingerprintStyle{Algorithm: SHA1, LowerCase: true},
	Steps: []Step{
		{
			Title: "guide.pidgin.open.title",
			Sentences: []Sentence{
				sayWith("guide.pidgin.open.menu", map[string]Slot{
					"Menu":   path("menu.accounts", "menu.manageAccounts"),
					"Button": label("button.add"),
					"Dialog": label("dialog.addAccount"),
				}),
			},
		},
		{
			Title: "guide.pidgin.basic.title",
			Sentences: []Sentence{
				sayWith("guide.pidgin.basic.tab", map[string]Slot{"Tab": label("tab.basic")}),
			},
			Fields: []Field{
				{Label: "field.protocol", Literal: "XMPP"},
				{Label: "field.username", Value: Username, Hint: "guide.hint.localPart"},
				{Label: "field.domain", Value: Domain},
				{Label: "field.resource", Hint: "guide.hint.leaveEmpty"},
				{Label: "field.password", Hint: "guide.hint.password"},
				{Label: "field.rememberPassword", Hint: "guide.hint.rememberPassword"},
			},
		},
		{
			Title: "guide.pidgin.advanced.title",
			Sentences: []Sentence{
				sayWith("guide.pidgin.advanced.tab", map[string]Slot{"Tab": label("tab.advanced")}),
			},
			Fields: []Field{
				{Label: "field.connectionSecurity", Choice: "opt.requireEncryption", Hint: "guide.hint.requireEncryption"},
				{Label: "field.connectPort", Value: Port},
				{Label: "field.connectServer", Value: Server},
				{Label: "field.allowPlaintext", Check: Unchecked},
			},
		},
		{
			Title: "guide.pidgin.save.title",
			Sentences: []Sentence{
				sayWith("guide.pidgin.save.text", map[string]Slot{"Button": label("button.addSave")}),
			},
		},
		{
			Title: "guide.pidgin.cert.title",
			Cert: &CertStep{
				Where: []Sentence{
					sayWith("guide.pidgin.cert.dialog", map[string]Slot{
						"Dialog": label("cert.title"),
						"Reason": label("cert.selfSigned"),
						"View":   label("cert.view"),
					}),
					sayWith("guide.pidgin.cert.where", map[string]Slot{"Row": label("cert.fingerprintSHA1")}),
				},
				Accept: []Sentence{
					sayWith("guide.pidgin.cert.accept", map[string]Slot{
						"Accept": label("cert.accept"),
						"Reject": label("cert.reject"),
					}),
					sayWith("guide.pidgin.cert.later", map[string]Slot{
						"Menu": path("menu.tools", "menu.certificates"),
					}),
				},
			},
		},
	},
}
