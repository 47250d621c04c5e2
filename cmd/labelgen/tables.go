package main

import "maps"

// The label tables: for each client, a semantic id a guide uses → where the
// client takes that text from. Every source was checked against the code
// that builds the widget (Pidgin 2.14 C sources, Gajim 1.7 .ui/.py files,
// Thunderbird 153 .xhtml/.js in omni.ja), because a catalog often holds
// several near-identical msgids and only one of them is on screen.
//
// Typography is kept exactly as the catalogs have it (’ vs ', … vs ...).
// Trailing colons are dropped from field labels (see cleanLabel), but note
// what French shows before them: Pidgin's and Thunderbird's French put
// U+00A0 (no-break space) before a colon ("Mot de passe :", "Réseau :");
// Gajim's French mixes U+00A0 and a plain space ("SHA-1 :"); no catalog
// uses U+202F. Pidgin builds protocol fields as "_%s:" in code, so those
// show a bare colon in every language ("Domaine:").

// source says where one label comes from.
type source struct {
	Domain string // gettext domain: pidgin, gtk20, gajim (empty for Mozilla)
	Key    string // msgid ("context\x04msgid" with a context), Fluent id, DTD entity or property key
	File   string // Mozilla: path inside the jar, {locale} standing for en-US, fr, de
	Attr   string // Fluent attribute (label, value, title); "" for the message's value

	Mnemonic  bool   // the widget parses GTK '_' access keys (also when the code adds the '_')
	AccessKey bool   // the string carries a Mozilla '&' access key
	MenuPath  bool   // GtkItemFactory path: the label is its last element
	Line      string // a multi-line message: take the line starting with this (in the msgid)
}

// client is one client version's table, and where its catalogs come from.
type client struct {
	Name string // the client's id (clientguides.ClientID)
	// File names its label files, <File>.<lang>.json: the client's name
	// when one version is described, else name-version ("gajim-2.6").
	File string
	// Suite is the Debian suite whose package is read: "" for the
	// installed system (Debian 12), else a tree from .ci/fetch-client-trees.
	Suite  string
	Kind   catalogKind
	Labels map[string]source
}

type catalogKind int

const (
	gettextCatalogs catalogKind = iota
	mozillaCatalogs
)

func gt(msgid string) source  { return source{Domain: "pidgin", Key: msgid} }
func gtm(msgid string) source { return source{Domain: "pidgin", Key: msgid, Mnemonic: true} }
func gjm(msgid string) source { return source{Domain: "gajim", Key: msgid, Mnemonic: true} }
func gj(msgid string) source  { return source{Domain: "gajim", Key: msgid} }

func ftl(file, id, attr string) source { return source{File: file, Key: id, Attr: attr} }
func dtd(file, entity string) source   { return source{File: file, Key: entity} }
func prop(file, key string) source     { return source{File: file, Key: key, AccessKey: true} }

// withLabels adds entries to a table (one version's table built on
// another's): more wins.
func withLabels(base, more map[string]source) map[string]source {
	maps.Copy(base, more)
	return base
}

// without removes ids a version does not have from a table copied from
// another version's.
func without(base map[string]source, ids ...string) map[string]source {
	for _, id := range ids {
		delete(base, id)
	}
	return base
}

// pidgin: pidgin.mo holds libpurple's strings too (one "pidgin" domain).
var pidgin = client{Name: "pidgin", File: "pidgin", Kind: gettextCatalogs, Labels: map[string]source{
	// gtkblist.c menu: N_("/_Accounts"), N_("/Accounts/Manage Accounts"),
	// N_("/_Tools"), N_("/Tools/_Certificates"). The bare "/Accounts" and
	// "/Tools" msgids are widget lookups, not what the menu bar shows.
	"menu.accounts":       {Domain: "pidgin", Key: "/_Accounts", Mnemonic: true, MenuPath: true},
	"menu.manageAccounts": {Domain: "pidgin", Key: "/Accounts/Manage Accounts", Mnemonic: true, MenuPath: true},
	"menu.tools":          {Domain: "pidgin", Key: "/_Tools", Mnemonic: true, MenuPath: true},
	"menu.certificates":   {Domain: "pidgin", Key: "/Tools/_Certificates", Mnemonic: true, MenuPath: true},

	// gtkaccount.c, accounts window: PIDGIN_STOCK_ADD, whose label is
	// N_("_Add...") in pidginstock.c (not "_Add").
	"window.accounts": gt("Accounts"),
	"button.add":      gtm("_Add..."),

	// gtkaccount.c, account editor.
	"dialog.addAccount":      gt("Add Account"),
	"tab.basic":              gtm("_Basic"),
	"field.protocol":         gtm("Pro_tocol:"),
	"field.username":         gtm("_Username:"),
	"field.password":         gtm("_Password:"),
	"field.rememberPassword": gtm("Remember pass_word"),
	"tab.advanced":           gtm("Ad_vanced"),
	// XMPP user splits and options (libpurple jabber.c); gtkaccount.c
	// shows them as "_%s:", so the colon is not translated.
	"field.domain":             gtm("Domain"),
	"field.resource":           gtm("Resource"),
	"field.connectionSecurity": gtm("Connection security"),
	"opt.requireEncryption":    gt("Require encryption"),
	"field.connectPort":        gtm("Connect port"),
	"field.connectServer":      gtm("Connect server"),
	"field.allowPlaintext":     gtm("Allow plaintext auth over unencrypted streams"),
	// The editor's final button is GTK_STOCK_ADD: GTK 2's own stock label.
	"button.addSave": {Domain: "gtk20", Key: "Stock label\x04_Add", Mnemonic: true},

	// libpurple certificate.c, x509_tls_cached_user_auth and
	// purple_certificate_display_x509.
	"cert.title":      gt("SSL Certificate Verification"),
	"cert.selfSigned": gt("The certificate is self-signed and cannot be automatically checked."),
	"cert.view":       gtm("_View Certificate..."),
	"cert.accept":     gt("Accept"),
	"cert.reject":     gt("Reject"),
	"cert.infoTitle":  gt("Certificate Information"),
	// The window's text: the SHA-1 line (translated) and, appended after
	// the dates, an untranslated "SHA256: %s" line (certificate.c,
	// purple_certificate_display_x509, since 2.12): the guide compares
	// SHA-256 and names the SHA-1 line only to tell the two apart.
	"cert.fingerprintSHA1": {Domain: "pidgin", Line: "Fingerprint (SHA1)",
		Key: "Common name: %s\n\nIssued By: %s\n\nFingerprint (SHA1): %s\n\nActivation date: %s\nExpiration date: %s\n"},
	// GTK_STOCK_CLOSE: the Accounts window's and the certificate window's
	// last button.
	"button.close": {Domain: "gtk20", Key: "Stock label\x04_Close", Mnemonic: true},
	// The buddy list's status once connected (libpurple status.c).
	"status.available": gt("Available"),
}}

const (
	tbMessengerDTD = "chrome/{locale}/locale/{locale}/messenger/messenger.dtd"
	tbUtilityDTD   = "chrome/{locale}/locale/{locale}/communicator/utilityOverlay.dtd"
	tbAccountHub   = "localization/{locale}/messenger/accountcreation/accountHub.ftl"
	tbWizardDTD    = "chrome/{locale}/locale/{locale}/messenger/imAccountWizard.dtd"
	tbIMAccounts   = "chrome/{locale}/locale/{locale}/messenger/imAccounts.properties"
	tbPipnss       = "chrome/{locale}/locale/{locale}/pipnss/pipnss.properties"
	tbAppmenu      = "localization/{locale}/messenger/appmenu.ftl"
	tbAccounts     = "localization/{locale}/chat/accounts.ftl"
	tbXMPP         = "localization/{locale}/chat/xmpp.ftl"
	tbWizardFTL    = "localization/{locale}/toolkit/global/wizard.ftl"
	tbCertManager  = "localization/{locale}/security/certificates/certManager.ftl"
	tbCertViewer   = "localization/{locale}/toolkit/about/certviewer.ftl"
	tbBrand        = "localization/{locale}/branding/brand.ftl"
	tbMenubar      = "localization/{locale}/messenger/menubar.ftl"
)

// thunderbird: messenger.xhtml (menu bar), appmenu, chat/imAccounts.xhtml,
// chat/imAccountWizard.xhtml/.js, pippki/exceptionDialog.xhtml, certviewer.
var thunderbird = client{Name: "thunderbird", File: "thunderbird-153", Kind: mozillaCatalogs, Labels: map[string]source{
	// messenger.xhtml's DOCTYPE loads messenger.dtd before utilityOverlay.dtd
	// (the first declaration of an entity wins); messenger.dtd has no
	// fileMenu/newMenu, so File and New come from utilityOverlay.dtd.
	"menu.file":           dtd(tbUtilityDTD, "fileMenu.label"),
	"menu.new":            dtd(tbUtilityDTD, "newMenu.label"),
	"menu.newChatAccount": dtd(tbMessengerDTD, "newIMAccountCmd.label"), // File > New, works before any chat account exists
	"menu.tools":          dtd(tbMessengerDTD, "tasksMenu.label"),
	// Tools > Chat status is disabled until a chat account exists
	// (chat-messenger.js): a guide reaches Show Accounts… only after the wizard.
	"menu.chatStatus":   dtd(tbMessengerDTD, "imAccountsStatus.label"),
	"menu.showAccounts": dtd(tbMessengerDTD, "imStatus.showAccounts"),
	// Help > About Thunderbird: where a user reads their version, to pick
	// their guide (messenger.xhtml's helpMenu is Fluent, unlike File).
	"menu.help":  ftl(tbMenubar, "menu-help-help-title", "label"),
	"menu.about": ftl(tbMenubar, "menu-help-about-product", "label"),

	"appmenu.addAccount":     ftl(tbAppmenu, "appmenu-add-account-panel", "label"),
	"appmenu.newChatAccount": ftl(tbAppmenu, "appmenu-new-chat-account", "label"),

	// The account hub a fresh profile opens over the main window. On first
	// run its Close button is hidden and Escape is ignored (accountHub.js,
	// account-hub-header.mjs): only Minimize is offered, which leaves a
	// button named after the hub in the bottom right corner.
	"hub.welcome":  ftl(tbAccountHub, "account-hub-welcome-text", ""), // the dialog's heading, "Welcome to Thunderbird"
	"hub.minimize": ftl(tbAccountHub, "account-hub-minimize-button", "title"),
	"hub.title":    ftl(tbAccountHub, "account-hub-title", ""), // the minimized hub's button

	"accounts.windowTitle": ftl(tbAccounts, "accounts-window-title", ""),
	"accounts.addAccount":  ftl(tbAccounts, "account-manager-add-account", "label"),
	"accounts.connect":     ftl(tbAccounts, "account-connect", "label"),
	// imAccounts.js: the account's line once connected.
	"accounts.connectedSeconds": {File: tbIMAccounts, Key: "account.connectedForSeconds"},

	"wizard.title": dtd(tbWizardDTD, "windowTitle.label"),
	// The first page's title. Its "Network:" label (accountProtocolField)
	// is hidden in imAccountWizard.xhtml: the page shows only a list.
	"wizard.networkPage":   dtd(tbWizardDTD, "accountProtocolTitle.label"),
	"wizard.username":      dtd(tbWizardDTD, "accountUsernameTitle.label"), // the page's title
	"wizard.usernameField": prop(tbIMAccounts, "accountUsername"),          // the field's label
	// XMPP's username split (xmpp.sys.mjs usernameSplits), shown as
	// accountColon "%S:", pre-filled with jabber.org.
	"wizard.domainField":   ftl(tbXMPP, "options-domain", ""),
	"wizard.password":      dtd(tbWizardDTD, "accountPasswordTitle.label"), // the page's title
	"wizard.passwordField": dtd(tbWizardDTD, "accountPasswordField.label"),
	"wizard.advanced":      dtd(tbWizardDTD, "accountAdvancedTitle.label"),
	// The advanced page starts with a "Local Alias" box holding one field,
	// "Alias:", with the cursor in it, above the XMPP options.
	"wizard.aliasGroup": dtd(tbWizardDTD, "accountAliasGroupbox.caption"),
	"wizard.aliasField": dtd(tbWizardDTD, "accountAliasField.label"),
	"wizard.summary":    dtd(tbWizardDTD, "accountSummaryTitle.label"),
	"wizard.connectNow": dtd(tbWizardDTD, "accountSummary.connectNow.label"),
	// <wizard> buttons come from toolkit's wizard.ftl, Linux variants.
	"wizard.next":   ftl(tbWizardFTL, "wizard-linux-button-next", "label"),
	"wizard.finish": ftl(tbWizardFTL, "wizard-linux-button-finish", "label"),

	"opt.connectionSecurity": ftl(tbXMPP, "options-connection-security", ""),
	"opt.requireEncryption":  ftl(tbXMPP, "options-connection-security-require-encryption", ""),
	"opt.server":             ftl(tbXMPP, "options-connect-server", ""),
	"opt.port":               ftl(tbXMPP, "options-connect-port", ""),
	"opt.resource":           ftl(tbXMPP, "options-resource", ""),
	"opt.priority":           ftl(tbXMPP, "options-priority", ""),

	"cert.exceptionTitle":  ftl(tbCertManager, "exception-mgr", "title"),
	"cert.location":        ftl(tbCertManager, "exception-mgr-cert-location-url", "value"),
	"cert.view":            ftl(tbCertManager, "exception-mgr-cert-status-view-cert", "label"),
	"cert.permanent":       ftl(tbCertManager, "exception-mgr-permanent", "label"),
	"cert.confirm":         ftl(tbCertManager, "exception-mgr-extra-button", "label"),
	"cert.unknownIdentity": ftl(tbCertManager, "add-exception-unverified-or-bad-signature-short", ""),
	"cert.fingerprints":    ftl(tbCertViewer, "certificate-viewer-fingerprints", ""),
	"cert.sha256":          ftl(tbCertViewer, "certificate-viewer-sha-256", ""),
	"cert.sha1":            ftl(tbCertViewer, "certificate-viewer-sha-1", ""),
	"cert.selfSigned":      prop(tbPipnss, "certErrorTrust_SelfSigned"),
}}

var clients = []client{thunderbird, thunderbird140, pidgin, gajim17, gajim21, gajim26}
