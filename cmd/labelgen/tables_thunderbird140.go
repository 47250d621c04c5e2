package main

import "maps"

// thunderbird140 is Debian 13's Thunderbird 140 ESR, read from trixie's
// thunderbird and thunderbird-l10n-fr/-de. Its chat labels are 153's but
// for one string: the button of the chat accounts window and the ≡ menu's
// panel say "New Account" (accounts.ftl account-manager-new-account,
// appmenu.ftl appmenu-new-account-panel), where 153 says "Add Account".
// Every other id is read from 140's catalogs with 153's sources, so a
// label that differs in 140 shows up in its files, and one 140 lacks
// fails the generation. The markup that shows them was compared too
// (messenger.xhtml, imAccountWizard, imAccounts, exceptionDialog,
// xmpp.sys.mjs of both omni.ja): the same ids, but for those two.
var thunderbird140 = client{Name: "thunderbird", File: "thunderbird-140", Suite: "trixie", Kind: mozillaCatalogs,
	// 140's first run opens the account setup tab (about:accountsetup:
	// mail.accounthub.enabled is false, and accountUtils.js opens the hub
	// only once an account exists), not 153's account hub dialog: none of
	// the hub's labels is on screen, the tab's are.
	Labels: withLabels(without(maps.Clone(thunderbird.Labels), "hub.welcome", "hub.minimize", "hub.title"), map[string]source{
		"accounts.addAccount": ftl(tbAccounts, "account-manager-new-account", "label"),
		"appmenu.addAccount":  ftl(tbAppmenu, "appmenu-new-account-panel", "label"),
		"setup.tab":           ftl(tbAccountSetup, "account-setup-tab-title", ""), // the tab's title
		"setup.heading":       ftl(tbAccountSetup, "account-setup-title", ""),     // its heading
	})}

// tbAccountSetup is the e-mail account setup tab's catalog.
const tbAccountSetup = "localization/{locale}/messenger/accountcreation/accountSetup.ftl"
