package clientguides

// Thunderbird has two guides, newest first: 153 ESR and later, and 140 ESR
// (Debian 13's). Their chat wizard, accounts window and certificate
// dialogs are the same (the same markup and labels, but for the ≡ menu's
// and the accounts window's "New Account", which 153 calls "Add
// Account"); what differs is the first start. Each guide quotes its own
// version's labels (label files thunderbird-153, thunderbird-140) and
// shows its own screenshots. Both print SHA-256 in one line that wraps
// mid-byte: the page shows it in groups of four bytes.
var thunderbirdFingerprint = FingerprintStyle{Algorithm: SHA256, GroupBytes: 4}

// thunderbird153Guide follows Thunderbird 153 ESR and later: a fresh
// profile opens the account hub ("Welcome to Thunderbird") over the
// window, with Minimize as its only way out.
var thunderbird153Guide = Guide{
	Client: Thunderbird, Name: "Thunderbird", Version: "153", LabelFile: "thunderbird-153",
	Versions: "guide.thunderbird.v153.versions",
	Range:    "guide.thunderbird.range",
	Summary:  "guide.thunderbird.summary",
	Recognize: []Sentence{sayWith("guide.thunderbird.v153.recognize", map[string]Slot{
		"About": path("menu.help", "menu.about"), "Add": label("appmenu.addAccount"),
	})},
	Platforms:   []Platform{Windows, MacOS, Linux},
	Fingerprint: thunderbirdFingerprint,
	Steps: thunderbirdSteps("thunderbird-153", sayWith("guide.thunderbird.open.welcome", map[string]Slot{
		"Welcome":  label("hub.welcome"),
		"Minimize": label("hub.minimize"),
		"Hub":      label("hub.title"),
	})),
}

// thunderbird140Guide follows Thunderbird 140 ESR, Debian 13's: a fresh
// profile opens the e-mail account setup in a tab (seen under Xvfb, 140.12),
// which does not stand in the way of the menus.
var thunderbird140Guide = Guide{
	Client: Thunderbird, Name: "Thunderbird", Version: "140", LabelFile: "thunderbird-140",
	Versions: "guide.thunderbird.v140.versions",
	Range:    "guide.thunderbird.range",
	Summary:  "guide.thunderbird.summary",
	Recognize: []Sentence{sayWith("guide.thunderbird.v140.recognize", map[string]Slot{
		"About": path("menu.help", "menu.about"), "Add": label("appmenu.addAccount"),
	})},
	Platforms:   []Platform{Windows, MacOS, Linux},
	Fingerprint: thunderbirdFingerprint,
	Steps: thunderbirdSteps("thunderbird-140", sayWith("guide.thunderbird.v140.setup", map[string]Slot{
		"Tab":     label("setup.tab"),
		"Heading": label("setup.heading"),
	})),
}

// thunderbirdSteps is the guide as a first-time user meets Thunderbird
// (followed under Xvfb from fresh profiles, docs/screenshots/clients),
// after what the first start shows (firstStart):
//   - every version's first start also opens Mozilla's privacy notice in
//     a second tab (datareporting.policy.firstRunURL), a web page whose
//     title the catalogs do not hold;
//   - Tools > Chat status is disabled until a chat account exists, so the
//     wizard is opened from File > New (or the ≡ menu); the menu bar that
//     Alt showed hides again once the wizard is finished;
//   - the first connection fails silently on a self-signed certificate;
//     the chat accounts window, reachable once the account exists, shows
//     the error, and its Connect button opens the exception dialog
//     (imAccounts.js shows that dialog only while the window is open);
//   - "View…" opens the certificate in a tab of the main window, where the
//     SHA-256 value is cut off until clicked and then wraps mid-byte.
//
// shots names the directory of the version's screenshots (see screenshot).
func thunderbirdSteps(shots string, firstStart Sentence) []Step {
	shot := func(name string) string { return screenshot(shots, name) }
	return []Step{
		{
			Title: "guide.thunderbird.open.title",
			Sentences: []Sentence{
				firstStart,
				say("guide.thunderbird.open.privacy"),
				sayWith("guide.thunderbird.open.menu", map[string]Slot{
					"Menu": path("menu.file", "menu.new", "menu.newChatAccount"),
				}),
				say("guide.thunderbird.open.menubar"),
				sayWith("guide.thunderbird.open.appmenu", map[string]Slot{
					"Menu": path("appmenu.addAccount", "appmenu.newChatAccount"),
				}),
			},
			Illustration: shot("menu-new"),
			Figure: &Figure{
				Caption: sayWith("guide.thunderbird.open.figure", map[string]Slot{"Menu": path("menu.file", "menu.new", "menu.newChatAccount")}),
				Alt:     sayWith("guide.thunderbird.open.alt", map[string]Slot{"Item": label("menu.newChatAccount"), "File": label("menu.file"), "New": label("menu.new")}),
			},
		},
		{
			Title: "guide.thunderbird.network.title",
			Sentences: []Sentence{
				sayWith("guide.thunderbird.network.choose", map[string]Slot{
					"Wizard":  label("wizard.title"),
					"Page":    label("wizard.networkPage"),
					"Network": literal("XMPP"),
				}),
			},
			After:        []Sentence{next},
			Illustration: shot("network"),
			Figure: &Figure{
				Caption: sayWith("guide.thunderbird.network.figure", map[string]Slot{"Page": label("wizard.networkPage")}),
				Alt:     sayWith("guide.thunderbird.network.alt", map[string]Slot{"Page": label("wizard.networkPage"), "Network": literal("XMPP")}),
			},
		},
		{
			Title: "guide.thunderbird.username.title",
			Sentences: []Sentence{
				sayWith("guide.thunderbird.username.text", map[string]Slot{
					"Page": label("wizard.username"),
				}),
			},
			Fields: []Field{
				{Label: "wizard.usernameField", Value: Username, Hint: "guide.hint.localPart"},
				{Label: "wizard.domainField", Value: Domain, Hint: "guide.hint.replaceJabberOrg"},
			},
			After:        []Sentence{next},
			Illustration: shot("username"),
			Figure: &Figure{
				Caption: sayWith("guide.thunderbird.username.figure", map[string]Slot{"Page": label("wizard.username")}),
				Alt: sayWith("guide.thunderbird.username.alt", map[string]Slot{
					"Username": label("wizard.usernameField"),
					"Domain":   label("wizard.domainField"),
				}),
			},
		},
		{
			Title:  "guide.thunderbird.password.title",
			Fields: []Field{{Label: "wizard.passwordField", Hint: "guide.hint.password"}},
			After:  []Sentence{next},
		},
		{
			Title: "guide.thunderbird.advanced.title",
			Sentences: []Sentence{
				sayWith("guide.thunderbird.advanced.text", map[string]Slot{"Page": label("wizard.advanced"), "Group": label("wizard.aliasGroup")}),
			},
			// In the order the page shows them: the Local Alias box, with
			// the cursor in its field, then the XMPP options; the port is
			// filled in with 5222 in advance.
			Fields: []Field{
				{Label: "wizard.aliasField", Hint: "guide.hint.alias"},
				{Label: "opt.resource", Hint: "guide.hint.leaveEmpty"},
				{Label: "opt.priority", Hint: "guide.hint.leaveAsIs"},
				{Label: "opt.connectionSecurity", Choice: "opt.requireEncryption", Hint: "guide.hint.requireEncryption"},
				{Label: "opt.server", Value: Server},
				{Label: "opt.port", Value: Port, Hint: "guide.hint.replacePort"},
			},
			After:        []Sentence{next},
			Illustration: shot("advanced"),
			Figure: &Figure{
				Caption: sayWith("guide.thunderbird.advanced.figure", map[string]Slot{"Page": label("wizard.advanced")}),
				Alt: sayWith("guide.thunderbird.advanced.alt", map[string]Slot{
					"Security": label("opt.connectionSecurity"),
					"Require":  label("opt.requireEncryption"),
					"Server":   label("opt.server"),
					"Port":     label("opt.port"),
				}),
			},
		},
		{
			Title: "guide.thunderbird.finish.title",
			Sentences: []Sentence{
				sayWith("guide.thunderbird.finish.check", map[string]Slot{
					"Page":     label("wizard.summary"),
					"Username": label("wizard.usernameField"),
					"JID":      value(JID),
				}),
				sayWith("guide.thunderbird.finish.text", map[string]Slot{"ConnectNow": label("wizard.connectNow"), "Finish": label("wizard.finish")}),
			},
			Illustration: shot("summary"),
			Figure: &Figure{
				Caption: sayWith("guide.thunderbird.finish.figure", map[string]Slot{"Page": label("wizard.summary")}),
				Alt: sayWith("guide.thunderbird.finish.alt", map[string]Slot{
					"Page":       label("wizard.summary"),
					"Username":   label("wizard.usernameField"),
					"ConnectNow": label("wizard.connectNow"),
				}),
			},
		},
		{
			Title:       "guide.thunderbird.accounts.title",
			IfUntrusted: true,
			Sentences: []Sentence{
				say("guide.thunderbird.accounts.failed"),
				sayWith("guide.thunderbird.accounts.menubar", map[string]Slot{"Finish": label("wizard.finish")}),
				sayWith("guide.thunderbird.accounts.menu", map[string]Slot{
					"Menu":   path("menu.tools", "menu.chatStatus", "menu.showAccounts"),
					"Window": label("accounts.windowTitle"),
				}),
				sayWith("guide.thunderbird.accounts.error", map[string]Slot{
					"Error":   label("cert.selfSigned"),
					"Connect": label("accounts.connect"),
				}),
			},
			Illustration: shot("accounts-error"),
			Figure: &Figure{
				Caption: sayWith("guide.thunderbird.accounts.figure", map[string]Slot{"Window": label("accounts.windowTitle")}),
				Alt: sayWith("guide.thunderbird.accounts.alt", map[string]Slot{
					"Window":  label("accounts.windowTitle"),
					"Connect": label("accounts.connect"),
				}),
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
						"Row":     label("cert.sha256"),
					}),
				},
				Accept: []Sentence{
					sayWith("guide.thunderbird.cert.back", map[string]Slot{"Dialog": label("cert.exceptionTitle")}),
					sayWith("guide.thunderbird.cert.accept", map[string]Slot{
						"Permanent": label("cert.permanent"),
						"Confirm":   label("cert.confirm"),
					}),
					sayWith("guide.thunderbird.cert.connected", map[string]Slot{
						"Window":    label("accounts.windowTitle"),
						"Connected": label("accounts.connectedSeconds"),
					}),
				},
			},
			Illustration: shot("certificate"),
			Figure: &Figure{
				Caption: sayWith("guide.thunderbird.cert.figure", map[string]Slot{"Section": label("cert.fingerprints"), "Row": label("cert.sha256")}),
				Alt: sayWith("guide.thunderbird.cert.alt", map[string]Slot{
					"Section": label("cert.fingerprints"),
					"Row":     label("cert.sha256"),
				}),
			},
		},
	}
}

// next is the wizard's way from one page to the following one.
var next = sayWith("guide.thunderbird.next", map[string]Slot{"Next": label("wizard.next")})
