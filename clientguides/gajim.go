package clientguides

// Gajim has three guides, newest first, because the way to the account
// wizard moved: 2.3 removed the main menu (accounts are added from
// Preferences, the gear at the bottom of the side bar), 2.0 to 2.2 still
// have the Accounts menu, and Debian 12 ships 1.7. The wizard itself is
// the same in all of them: the full XMPP address, host and port behind
// "Advanced Settings", and the certificate page; 2.x says "provider" where
// 1.7 says "server". Each guide quotes its own version's labels (label
// files gajim-2.6, gajim-2.1, gajim-1.7). Every version prints SHA-256 in
// four lines of eight bytes.
var gajimFingerprint = FingerprintStyle{Algorithm: SHA256, BytesPerLine: 8}

// gajim23Guide follows Gajim 2.3 and later, with the labels of 2.6.
var gajim23Guide = Guide{
	Client: Gajim, Name: "Gajim", Version: "2.3", LabelFile: "gajim-2.6",
	Versions: "guide.gajim.v23.versions",
	Range:    "guide.gajim.range",
	Summary:  "guide.gajim.summary",
	Recognize: []Sentence{sayWith("guide.gajim.v23.recognize", map[string]Slot{
		"Prefs": label("prefs.open"), "About": label("menu.about"),
	})},
	Platforms:   []Platform{Linux, Windows},
	Fingerprint: gajimFingerprint,
	Steps: gajimSteps("gajim-2.6", Step{
		Title: "guide.gajim.open.title",
		Sentences: []Sentence{
			say("guide.gajim.open.first"),
			sayWith("guide.gajim.v23.open", map[string]Slot{
				"Prefs": label("prefs.open"), "Group": label("prefs.accounts"), "Add": label("prefs.addAccount"),
			}),
		},
		Illustration: screenshot("gajim-2.6", "preferences"),
		Figure: &Figure{
			Caption: sayWith("guide.gajim.v23.figure", map[string]Slot{
				"Prefs": label("prefs.open"), "Group": label("prefs.accounts"), "Add": label("prefs.addAccount"),
			}),
			Alt: sayWith("guide.gajim.v23.alt", map[string]Slot{
				"Prefs": label("prefs.open"), "Group": label("prefs.accounts"), "Add": label("prefs.addAccount"),
			}),
		},
	}, gajim2CertPage, literal("SHA-256"), // 2.6's row titles are not translatable
		"guide.hint.placeholder"),
}

// gajim20Guide follows Gajim 2.0 to 2.2 (Debian 13 has 2.1), whose
// Accounts menu leads to the Accounts window.
var gajim20Guide = Guide{
	Client: Gajim, Name: "Gajim", Version: "2.0", LabelFile: "gajim-2.1",
	Versions: "guide.gajim.v20.versions",
	Range:    "guide.gajim.range",
	Summary:  "guide.gajim.summary",
	Recognize: []Sentence{sayWith("guide.gajim.v20.recognize", map[string]Slot{
		"Accounts": label("menu.accounts"), "About": path("menu.help", "menu.about"),
	})},
	Platforms:   []Platform{Linux, Windows},
	Fingerprint: gajimFingerprint,
	Steps: gajimSteps("gajim-2.1", Step{
		Title: "guide.gajim.open.title",
		Sentences: []Sentence{
			say("guide.gajim.open.first"),
			sayWith("guide.gajim.open.menu", map[string]Slot{
				"Menu":   path("menu.accounts", "menu.addAccount"),
				"Modify": path("menu.accounts", "menu.manageAccount"),
				"Button": label("page.addAccount"),
			}),
		},
		Illustration: screenshot("gajim-2.1", "accounts-menu"),
		Figure: &Figure{
			Caption: sayWith("guide.gajim.v20.figure", map[string]Slot{
				"Accounts": label("menu.accounts"), "Add": label("menu.addAccount"),
			}),
			Alt: sayWith("guide.gajim.v20.alt", map[string]Slot{
				"Accounts": label("menu.accounts"), "Add": label("menu.addAccount"),
			}),
		},
	}, gajim2CertPage, label("cert.sha256"), "guide.hint.placeholder"),
}

// gajim17Guide follows Gajim 1.7, Debian 12's.
var gajim17Guide = Guide{
	Client: Gajim, Name: "Gajim", Version: "1.7", LabelFile: "gajim-1.7",
	Versions: "guide.gajim.v17.versions",
	Range:    "guide.gajim.range",
	Summary:  "guide.gajim.summary",
	Recognize: []Sentence{sayWith("guide.gajim.v17.recognize", map[string]Slot{
		"Accounts": label("menu.accounts"), "About": path("menu.help", "menu.about"),
	})},
	Platforms:   []Platform{Linux, Windows},
	Fingerprint: gajimFingerprint,
	Steps: gajimSteps("gajim-1.7", Step{
		Title: "guide.gajim.open.title",
		Sentences: []Sentence{
			say("guide.gajim.open.first"),
			sayWith("guide.gajim.open.menu", map[string]Slot{
				"Menu":   path("menu.accounts", "menu.addAccount"),
				"Modify": path("menu.accounts", "menu.modifyAccount"),
				"Button": label("page.addAccount"),
			}),
		},
	}, sayWith("guide.gajim.cert.page", map[string]Slot{
		"Page": label("cert.failed"), "Show": label("cert.show"),
	}), label("cert.sha256"),
		// GTK 3 hides a placeholder while the field has the cursor, and the
		// wizard opens with the cursor in it.
		"guide.gajim.v17.addressHint"),
}

// gajim2CertPage quotes the page's explanation, where 2.x names the server
// "provider" (English, German) — a word the user would not expect.
var gajim2CertPage = sayWith("guide.gajim.v2.cert.page", map[string]Slot{
	"Page": label("cert.failed"), "Warnings": label("cert.warnings"), "Show": label("cert.show"),
})

// screenshot is the path under static/ of a picture of a client version's
// screen, static/img/guides/<dir>/<lang>/<name>.png, "{lang}" standing
// for the page's language (docs/screenshots/clients makes them).
func screenshot(dir, name string) string { return "img/guides/" + dir + "/{lang}/" + name + ".png" }

// gajimSteps is the account wizard, after the way to open it: the Login
// page, the advanced page (its fields top to bottom, as every version
// lays them out), the certificate page and the last page; every version
// has pictures of the first three, each with words saying what to look
// for in it. shots names the
// directory of the version's screenshots (see screenshot).
func gajimSteps(shots string, open Step, certPage Sentence, sha256Row Slot, addressHint string) []Step {
	shot := func(name string) string { return screenshot(shots, name) }
	return []Step{
		open,
		{
			Title: "guide.gajim.login.title",
			Fields: []Field{
				// The address field has no label: it shows an example.
				{LabelLiteral: "user@example.org", Value: JID, Hint: addressHint},
				{Label: "field.password", Hint: "guide.hint.password"},
				{Label: "switch.advanced", Check: Checked},
			},
			After: []Sentence{
				sayWith("guide.gajim.login.click", map[string]Slot{"Button": label("button.login")}),
			},
			Illustration: shot("login"),
			Figure: &Figure{
				Caption: sayWith("guide.gajim.login.figure", map[string]Slot{"Page": label("page.welcome")}),
				Alt: sayWith("guide.gajim.login.alt", map[string]Slot{
					"Page": label("page.welcome"), "Password": label("field.password"), "Advanced": label("switch.advanced"),
				}),
			},
		},
		{
			Title: "guide.gajim.advanced.title",
			Sentences: []Sentence{
				sayWith("guide.gajim.advanced.page", map[string]Slot{"Page": label("page.advanced")}),
			},
			Fields: []Field{
				{Label: "field.proxy", Hint: "guide.hint.leaveAsIs"},
				{Label: "field.hostname", Value: Server},
				{Label: "field.port", Value: Port},
				{Label: "field.type", Literal: "START TLS", Hint: "guide.hint.starttls"},
			},
			After: []Sentence{
				sayWith("guide.gajim.login.click", map[string]Slot{"Button": label("button.loginAssistant")}),
			},
			Illustration: shot("advanced"),
			Figure: &Figure{
				Caption: sayWith("guide.gajim.advanced.figure", map[string]Slot{"Page": label("page.advanced")}),
				Alt: sayWith("guide.gajim.advanced.alt", map[string]Slot{
					"Page": label("page.advanced"), "Proxy": label("field.proxy"), "Hostname": label("field.hostname"),
					"Port": label("field.port"), "Type": label("field.type"),
				}),
			},
		},
		{
			Title: "guide.gajim.cert.title",
			Cert: &CertStep{
				Where: []Sentence{
					certPage,
					// The window opens at its top; 2.6's is taller than a
					// laptop's screen, and 1.7's has no Close button.
					sayWith("guide.gajim.cert.where", map[string]Slot{
						"Window":  label("cert.window"),
						"Section": label("cert.fingerprints"),
						"Row":     sha256Row,
					}),
				},
				Accept: []Sentence{
					sayWith("guide.gajim.cert.accept", map[string]Slot{
						"Window": label("cert.window"),
						"Trust":  label("cert.addTrusted"),
						"Button": label("button.loginAssistant"),
					}),
				},
			},
			Illustration: shot("security"),
			Figure: &Figure{
				Caption: sayWith("guide.gajim.cert.figure", map[string]Slot{
					"Page": label("cert.failed"), "Show": label("cert.show"), "Trust": label("cert.addTrusted"),
				}),
				Alt: sayWith("guide.gajim.cert.alt", map[string]Slot{
					"Page": label("cert.failed"), "Show": label("cert.show"), "Trust": label("cert.addTrusted"),
					"Button": label("button.loginAssistant"),
				}),
			},
		},
		{
			Title: "guide.gajim.done.title",
			Sentences: []Sentence{
				// Seen in 1.7 and 2.6 on a system with GNOME's keyring daemon
				// and no keyring yet: the system asks to create one before
				// the last page, when Gajim saves the password.
				sayWith("guide.gajim.done.keyring", map[string]Slot{
					"Choose": label("keyring.choose"), "Continue": label("keyring.continue"),
					"Unlock": label("keyring.unlock"), "Cancel": label("keyring.cancel"),
				}),
				sayWith("guide.gajim.done.text", map[string]Slot{
					"Added": label("done.added"), "NameColor": label("done.nameColor"),
					"Name": label("done.accountName"), "Button": label("button.connect"),
				}),
				// Without a keyring (refused, or none on the system) Gajim
				// asks for the password at each connection; once refused,
				// the keyring window comes back at Connect, and ticking Save
				// Password brings it back again.
				sayWith("guide.gajim.done.password", map[string]Slot{
					"Cancel": label("keyring.cancel"), "Title": label("password.title"),
					"Save": label("password.save"), "Button": label("password.button"),
				}),
			},
		},
	}
}
