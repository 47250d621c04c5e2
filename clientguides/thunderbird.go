package clientguides

// thunderbirdGuide follows Thunderbird ESR's chat account wizard. It goes
// through the chat accounts window on purpose: only while that window is
// open does Thunderbird show the certificate exception dialog after a
// failed connection (imAccounts.js), so the user can check the fingerprint.
// next is the wizard's way from one page to the following one.
var next = sayWith("guide.thunderbird.next", map[string]Slot{"Next": label("wizard.next")})

var thunderbirdGuide = Guide{
	Client:      Thunderbird,
	Name:        "Thunderbird",
	Versions:    "guide.thunderbird.versions",
	Summary:     "guide.thunderbird.summary",
	Platforms:   []Platform{Windows, MacOS, Linux},
	Fingerprint: FingerprintStyle{Algorithm: SHA256},
	Steps: []Step{
		{
			Title: "guide.thunderbird.open.title",
			Sentences: []Sentence{
				sayWith("guide.thunderbird.open.menu", map[string]Slot{
					"Menu": path("menu.tools", "menu.chatStatus", "menu.showAccounts"),
				}),
				say("guide.thunderbird.open.menubar"),
				sayWith("guide.thunderbird.open.keep", map[string]Slot{"Window": label("accounts.windowTitle")}),
			},
		},
		{
			Title: "guide.thunderbird.add.title",
			Sentences: []Sentence{
				sayWith("guide.thunderbird.add.click", map[string]Slot{
					"Button": label("accounts.addAccount"),
					"Wizard": label("wizard.title"),
				}),
			},
			Fields: []Field{{Label: "wizard.network", Literal: "XMPP"}},
			After:  []Sentence{next},
		},
		{
			Title:     "guide.thunderbird.username.title",
			Sentences: []Sentence{say("guide.thunderbird.username.text")},
			Fields:    []Field{{Label: "wizard.usernameField", Value: JID}},
			After:     []Sentence{next},
		},
		{
			Title:  "guide.thunderbird.password.title",
			Fields: []Field{{Label: "wizard.passwordField", Hint: "guide.hint.password"}},
			After:  []Sentence{next},
		},
		{
			Title: "guide.thunderbird.advanced.title",
			Sentences: []Sentence{
				sayWith("guide.thunderbird.advanced.text", map[string]Slot{"Page": label("wizard.advanced")}),
			},
			After: []Sentence{next},
			Fields: []Field{
				{Label: "opt.connectionSecurity", Choice: "opt.requireEncryption", Hint: "guide.hint.requireEncryption"},
				{Label: "opt.server", Value: Server},
				{Label: "opt.port", Value: Port},
				{Label: "opt.resource", Hint: "guide.hint.leaveAsIs"},
			},
		},
		{
			Title: "guide.thunderbird.finish.title",
			Sentences: []Sentence{
				sayWith("guide.thunderbird.finish.text", map[string]Slot{"ConnectNow": label("wizard.connectNow"), "Finish": label("wizard.finish")}),
				sayWith("guide.thunderbird.finish.connect", map[string]Slot{"Connect": label("accounts.connect")}),
			},
		},
		{
			Title: "guide.thunderbird.cert.title",
			Cert: &CertStep{
				Where: []Sentence{
					sayWith("guide.thunderbird.cert.dialog", map[string]Slot{
						"Dialog": label("cert.exceptionTitle"),
						"Reason": label("cert.unknownIdentity"),
						"View":   label("cert.view"),
					}),
					sayWith("guide.thunderbird.cert.where", map[string]Slot{
						"Section": label("cert.fingerprints"),
						"Row":     literal("SHA-256"),
					}),
				},
				Accept: []Sentence{
					sayWith("guide.thunderbird.cert.accept", map[string]Slot{
						"Permanent": label("cert.permanent"),
						"Confirm":   label("cert.confirm"),
						"Connect":   label("accounts.connect"),
					}),
				},
			},
		},
	},
}
