package main

// Gajim has one table per version a guide follows, because 2.x moved the
// way to the account wizard (2.0-2.2: the Accounts menu, relabelled;
// 2.3 and later: no main menu, Preferences in the side bar) and reworded
// the wizard ("provider" where 1.7 says "server"). Sources, per version:
// 1.7: data/gui/account_wizard.ui, gtk/account_wizard.py, gtk/menus.py,
// data/gui/application_menu.ui, data/gui/certificate.ui;
// 2.1: the same, with the menus built in gtk/menus.py (get_main_menu);
// 2.6: data/gui/wizard/*.ui, gtk/account_wizard.py, data/gui/app_side_bar.ui,
// data/gui/main.ui, gtk/preference/dialog.py, data/gui/preference/certificate.ui.

// gajimWizard is what every version's account wizard shows the same way.
func gajimWizard() map[string]source {
	return withLabels(map[string]source{
		"page.addAccount": gj("Add Account"), // the Login page's title, the window's title
		"page.welcome":    gj("Welcome"),
		// The wizard's address entry has no label: its placeholder is the
		// untranslated "user@example.org" and its tooltip the text below.
		// "XMPP Address" is Gajim's name for the thing elsewhere (contact lists).
		"field.xmppAddress":        gj("XMPP Address"),
		"field.xmppAddressTooltip": gj("Your XMPP address (e.g. user@example.org)"),
		"field.password":           gj("Password"), // placeholder of the password entry
		"switch.advanced":          gjm("_Advanced Settings"),
		"switch.advancedHint":      gj("Proxy, custom hostname and port"), // its tooltip
		"button.login":             gjm("_Log In"),                        // the Login page's own button

		// The assistant's bottom buttons (account_wizard.py add_button): "Log In"
		// on the Advanced settings and Security Warning pages, "Connect" on the
		// last page. Not the same msgid as the Login page's "_Log In".
		"button.loginAssistant": gj("Log In"),
		"button.connect":        gj("Connect"),
		"button.back":           gj("Back"),

		// The advanced page's grid, top to bottom: its heading, Proxy,
		// Hostname, Port, Type (rows 0-4 of the GtkGrid in every version).
		"page.advanced":  gj("Advanced Settings"),
		"field.proxy":    gjm("Prox_y"),
		"field.hostname": gjm("_Hostname"),
		"field.port":     gjm("_Port"),
		"field.type":     gjm("_Type"), // its items START TLS, DIRECT TLS, PLAIN are not translatable

		"cert.failed":       gj("Certificate Verification Failed"),
		"cert.window":       gj("Certificate"), // certificate_dialog.py: the window "Show Certificate" opens
		"cert.show":         gjm("_Show Certificate"),
		"cert.addTrusted":   gjm("_Add to Trusted Certificates"),
		"cert.fingerprints": gj("Fingerprints"),

		"done.added": gj("Account has been added successfully"), // the last page's heading
		// Under it, an optional name and colour for the account: a
		// placeholder-only entry and a colour button.
		"done.nameColor":   gj("Add a name and color for your account"),
		"done.accountName": gj("Account Name..."),
		// password_dialog: asks for the password when Gajim could not keep
		// it (no keyring, or the keyring was refused).
		"password.title": gj("Password Required"),
		// Its check box: with no keyring, ticking it asks for one again
		// (1.7, seen under Xvfb), or it is greyed out (2.x without any).
		"password.save": gj("Save Password"),
		"menu.about":    gjm("_About"), // Help menu (1.7, 2.0-2.2) or ? button (2.3+)
	}, keyringPrompt())
}

// keyringPrompt is the window a Linux desktop with GNOME's keyring
// daemon opens when Gajim saves the password and no keyring exists yet:
// gnome-keyring (gkd-secret-create.c) sets its heading, gcr's prompter
// (gcr-prompt.c) draws it with its default buttons, and the window has
// no title. When the password is kept there, the next session's first
// use asks to unlock the keyring. Not Gajim's words, but those of the
// system it runs on, read from the same tree (the packages gajim's
// python3-keyring leads to).
func keyringPrompt() map[string]source {
	return map[string]source{
		"keyring.choose":   {Domain: "gnome-keyring", Key: "Choose password for new keyring"},
		"keyring.unlock":   {Domain: "gnome-keyring", Key: "Unlock Keyring"},
		"keyring.continue": {Domain: "gcr", Key: "Continue"},
		"keyring.cancel":   {Domain: "gcr", Key: "Cancel"},
	}
}

// gajim17 is Debian 12's Gajim.
var gajim17 = client{Name: "gajim", File: "gajim-1.7", Kind: gettextCatalogs, Labels: withLabels(gajimWizard(), map[string]source{
	"menu.accounts":      gjm("_Accounts"),        // application_menu.ui (no account yet)
	"menu.addAccount":    gjm("_Add Account…"),    // menus.py, only while no account exists
	"menu.modifyAccount": gjm("_Modify Account…"), // menus.py, once one account exists
	"menu.help":          gjm("_Help"),

	"password.button": gjm("_Login"), // password_dialog.ui; 2.x says "_Log In"

	"cert.warnings": gj("The following warnings came up while trying to verify the server's certificate"),
	// certificate.ui: the rows are "SHA-1"/"SHA-256" without a colon; the
	// "SHA-1:" msgids only go to the clipboard copy.
	"cert.sha1":   gj("SHA-1"),
	"cert.sha256": gj("SHA-256"),
})}

// gajim21 is Debian 13's Gajim, for 2.0 to 2.2: the main menu (menus.py
// get_main_menu) still has Accounts; the wizard says "provider".
var gajim21 = client{Name: "gajim", File: "gajim-2.1", Suite: "trixie", Kind: gettextCatalogs, Labels: withLabels(gajimWizard(), map[string]source{
	"menu.accounts":      gjm("_Accounts"),
	"menu.addAccount":    gjm("_Add Account…"),    // build_accounts_menu, while no account exists
	"menu.manageAccount": gjm("_Manage Account…"), // once one account exists
	"menu.help":          gjm("_Help"),

	"password.button": gjm("_Log In"),

	"cert.warnings": gj("The following warnings came up while trying to verify the provider's certificate"),
	"cert.sha1":     gj("SHA-1"),
	"cert.sha256":   gj("SHA-256"),
})}

// gajim26 is unstable's Gajim, for 2.3 and later: no main menu. Accounts
// are added from Preferences (the gear at the bottom of the side bar,
// app_side_bar.ui) → group Accounts → Add Account… (preference/dialog.py).
// The certificate's SHA-1/SHA-256 row titles are not translatable any
// more (preference/certificate.ui): the guide quotes them as literals.
// The header bar's ? button (main.ui) has an untranslated "Help" tooltip.
var gajim26 = client{Name: "gajim", File: "gajim-2.6", Suite: "sid", Kind: gettextCatalogs, Labels: withLabels(gajimWizard(), map[string]source{
	"prefs.open":       gj("Preferences"), // the gear's tooltip and the window's title
	"prefs.accounts":   gj("Accounts"),    // the side bar group
	"prefs.addAccount": gj("Add Account…"),

	"password.button": gjm("_Log In"),

	"cert.warnings": gj("The following warnings came up while trying to verify the provider's certificate"),
})}
