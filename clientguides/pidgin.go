package clientguides

// pidginGuide follows Pidgin 2.14. Pidgin splits the JID into a user name
// and a domain. On first start, with no account, it opens its Accounts
// window by itself (gtkblist.c), before any buddy list, and that window
// stays open once the account is added.
//
// Its Certificate Information window shows a SHA-1 fingerprint on a
// translated line and, last, "SHA256: " and the SHA-256 fingerprint,
// untranslated (certificate.c, every version since 2.12), both in lower
// case and broken over two lines after a colon (seen in 2.14.12). The
// guide compares SHA-256: SHA-1 is broken for certificates (chosen-prefix
// collisions), every other guide and IMSETUP_XMPP_FINGERPRINT use
// SHA-256, and every Pidgin 2.14 shows it. The page groups it four bytes
// at a time, like Thunderbird's, so a line break anywhere in it costs
// nothing.
var pidginGuide = Guide{
	Client:      Pidgin,
	Name:        "Pidgin",
	Versions:    "guide.pidgin.versions",
	Summary:     "guide.pidgin.summary",
	Platforms:   []Platform{Windows, Linux},
	Fingerprint: FingerprintStyle{Algorithm: SHA256, LowerCase: true, GroupBytes: 4},
	Steps: []Step{
		{
			Title: "guide.pidgin.open.title",
			Sentences: []Sentence{
				sayWith("guide.pidgin.open.first", map[string]Slot{"Window": label("window.accounts")}),
				sayWith("guide.pidgin.open.menu", map[string]Slot{
					"Menu": path("menu.accounts", "menu.manageAccounts"),
				}),
				sayWith("guide.pidgin.open.add", map[string]Slot{
					"Button": label("button.add"),
					"Dialog": label("dialog.addAccount"),
				}),
			},
			Illustration: "img/guides/pidgin/{lang}/accounts.png",
			Figure: &Figure{
				Caption: sayWith("guide.pidgin.open.figure", map[string]Slot{"Window": label("window.accounts")}),
				Alt:     sayWith("guide.pidgin.open.alt", map[string]Slot{"Window": label("window.accounts"), "Button": label("button.add")}),
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
			Illustration: "img/guides/pidgin/{lang}/basic.png",
			Figure: &Figure{
				Caption: sayWith("guide.pidgin.basic.figure", map[string]Slot{"Tab": label("tab.basic")}),
				Alt: sayWith("guide.pidgin.basic.alt", map[string]Slot{
					"Tab":      label("tab.basic"),
					"Protocol": label("field.protocol"),
					"Username": label("field.username"),
					"Domain":   label("field.domain"),
				}),
			},
		},
		{
			Title: "guide.pidgin.advanced.title",
			Sentences: []Sentence{
				sayWith("guide.pidgin.advanced.tab", map[string]Slot{"Tab": label("tab.advanced")}),
			},
			// In the order the tab shows them.
			Fields: []Field{
				{Label: "field.connectionSecurity", Choice: "opt.requireEncryption", Hint: "guide.hint.requireEncryption"},
				{Label: "field.allowPlaintext", Check: Unchecked},
				{Label: "field.connectPort", Value: Port, Hint: "guide.hint.replacePort"}, // 5222 in advance
				{Label: "field.connectServer", Value: Server},
			},
			Illustration: "img/guides/pidgin/{lang}/advanced.png",
			Figure: &Figure{
				Caption: sayWith("guide.pidgin.advanced.figure", map[string]Slot{"Tab": label("tab.advanced")}),
				Alt: sayWith("guide.pidgin.advanced.alt", map[string]Slot{
					"Tab":       label("tab.advanced"),
					"Security":  label("field.connectionSecurity"),
					"Require":   label("opt.requireEncryption"),
					"Plaintext": label("field.allowPlaintext"),
					"Port":      label("field.connectPort"),
					"Server":    label("field.connectServer"),
				}),
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
					sayWith("guide.pidgin.cert.where", map[string]Slot{
						"Window": label("cert.infoTitle"),
						"Row":    literal("SHA256"), // not translatable
						"SHA1":   label("cert.fingerprintSHA1"),
					}),
				},
				// libpurple checks the certificate against the connect
				// server's name, not the XMPP domain.
				IfServerUnnamed: []Sentence{
					sayWith("guide.pidgin.cert.name", map[string]Slot{"Dialog": label("cert.title"), "Domain": value(Domain), "Server": value(Server)}),
				},
				Accept: []Sentence{
					sayWith("guide.pidgin.cert.accept", map[string]Slot{
						"Window": label("cert.infoTitle"),
						"Close":  label("button.close"),
						"Accept": label("cert.accept"),
						"Reject": label("cert.reject"),
					}),
					sayWith("guide.pidgin.cert.later", map[string]Slot{
						"Menu": path("menu.tools", "menu.certificates"),
					}),
				},
			},
		},
		{
			Title: "guide.pidgin.done.title",
			Sentences: []Sentence{
				sayWith("guide.pidgin.done.text", map[string]Slot{
					"Available": label("status.available"),
					"Window":    label("window.accounts"),
					"Close":     label("button.close"),
				}),
			},
		},
	},
}
