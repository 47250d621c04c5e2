package main

import "maps"

// thunderbird140 is Debian 13's Thunderbird 140 ESR, read from trixie's
// thunderbird and thunderbird-l10n-fr/-de. Its chat labels are 153's but
// for one string: the button of the chat accounts window and the ≡ menu's
// panel say "New Account" (accounts.ftl account-manager-new-account,
// appmenu.ftl appmenu-new-account-panel), where 153 says "Add Account".
// Every other id is read from 140's catalogs with 153's sources, so a
// label that differs in 140 shows up in its files, and one 140 lacks
// fails the generation.
var thunderbird140 = client{Name: "thunderbird", File: "thunderbird-140", Suite: "trixie", Kind: mozillaCatalogs,
	// 140's first run opens the account setup tab, not 153's account hub
	// dialog: it has neither the hub's welcome heading nor its Minimize.
	Labels: withLabels(without(maps.Clone(thunderbird.Labels), "hub.welcome", "hub.minimize"), map[string]source{
		"accounts.addAccount": ftl(tbAccounts, "account-manager-new-account", "label"),
		"appmenu.addAccount":  ftl(tbAppmenu, "appmenu-new-account-panel", "label"),
	})}
