package clientguides

// gajimGuide follows Gajim 1.7 and later, whose account wizard takes the
// full XMPP address and hides host and port behind "Advanced Settings".
// Gajim prints SHA-256 in four lines of eight bytes.
var gajimGuide = Guide{
	Client:      Gajim,
	Name:        "Gajim",
	Versions:    "guide.gajim.versions",
	Summary:     "guide.gajim.summary",
	Platforms:   []Platform{Linux, Windows},
	Fingerprint: FingerprintStyle{Algorithm: SHA256, BytesPerLine: 8},
	Steps: []Step{
		{
			Title: "guide.gajim.open.title",
			Sentences: []Sentence{
				say("guide.gajim.open.first"),
				sayWith("guide.gajim.open.menu", map[string]Slot{
					"Menu":   path("menu.accounts", "menu.addAccount"),
					"Modify": path("menu.accounts", "menu.modifyAccount"),
					"Button": label("page.addAccount"),
				}),
			},
		},
		{
			Title: "guide.gajim.login.title",
			Fields: []Field{
				// The address field has no label: it shows an example.
				{LabelLiteral: "user@example.org", Value: JID, Hint: "guide.hint.placeholder"},
				{Label: "field.password", Hint: "guide.hint.password"},
				{Label: "switch.advanced", Check: Checked},
			},
			After: []Sentence{
				sayWith("guide.gajim.login.click", map[string]Slot{"Button": label("button.login")}),
			},
		},
		{
			Title: "guide.gajim.advanced.title",
			Fields: []Field{
				{Label: "field.hostname", Value: Server},
				{Label: "field.port", Value: Port},
				{Label: "field.type", Literal: "START TLS", Hint: "guide.hint.starttls"},
			},
			After: []Sentence{
				sayWith("guide.gajim.login.click", map[string]Slot{"Button": label("button.loginAssistant")}),
			},
		},
		{
			Title: "guide.gajim.cert.title",
			Cert: &CertStep{
				Where: []Sentence{
					sayWith("guide.gajim.cert.page", map[string]Slot{
						"Page": label("cert.failed"),
						"Show": label("cert.show"),
					}),
					sayWith("guide.gajim.cert.where", map[string]Slot{
						"Section": label("cert.fingerprints"),
						"Row":     label("cert.sha256"),
					}),
				},
				Accept: []Sentence{
					sayWith("guide.gajim.cert.accept", map[string]Slot{
						"Trust":  label("cert.addTrusted"),
						"Button": label("button.loginAssistant"),
					}),
				},
			},
		},
		{
			Title: "guide.gajim.done.title",
			Sentences: []Sentence{
				sayWith("guide.gajim.done.text", map[string]Slot{"Button": label("button.connect")}),
			},
		},
	},
}
