package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"imsetup/clientguides"
)

// fakeTree lays out catalogs the way the Debian packages do, in a temp
// dir, with a dpkg status that names the packages' versions.
func fakeTree(t *testing.T) (string, Paths) {
	t.Helper()
	dir := t.TempDir()
	root := func(name string) string { return filepath.Join(dir, name) }
	p := DebianPaths
	writeFile(t, root(dpkgStatus), []byte("Package: pidgin\nStatus: install ok installed\nVersion: 1.0-pidgin\n\n"+
		"Package: thunderbird\nStatus: install ok unpacked\nArchitecture: amd64\nVersion: 1.0-thunderbird\n\n"+
		"Package: thunderbird-l10n-fr\nStatus: install ok installed\nVersion: 1.0-thunderbird-l10n-fr\n\n"+
		"Package: thunderbird-l10n-es-es\nStatus: install ok installed\nVersion: 1.0-thunderbird-l10n-es-es\n\n"+
		"Package: thunderbird-l10n-de\nStatus: deinstall ok config-files\nVersion: 0.9\n"))
	writeFile(t, root(filepath.Join(p.Locale, "fr", "LC_MESSAGES", "pidgin.mo")), buildMO(t, binary.LittleEndian, map[string]string{
		"/_Accounts":                "/C_omptes",
		"/Accounts/Manage Accounts": "/Comptes/Gérer les comptes",
		"_Username:":                "_Utilisateur\u00a0:",
		"Domain":                    "Domaine",
		"Common name: %s\n\nFingerprint (SHA1): %s\n": "", // empty: untranslated here
	}))
	// German has what French lacks: every msgid the table names is in
	// at least one catalog, as in the real client.
	writeFile(t, root(filepath.Join(p.Locale, "de", "LC_MESSAGES", "pidgin.mo")), buildMO(t, binary.LittleEndian, map[string]string{
		"Common name: %s\n\nFingerprint (SHA1): %s\n": "Name: %s\n\nFingerabdruck (SHA1): %s\n",
		"Accept": "Akzeptieren",
	}))
	writeFile(t, root(filepath.Join(p.Locale, "fr", "LC_MESSAGES", "gtk20.mo")), buildMO(t, binary.LittleEndian, map[string]string{
		"Stock label\x04_Add": "A_jouter",
	}))
	writeFile(t, root(filepath.Join(p.Thunderbird, "omni.ja")), buildZip(t, map[string]string{
		"localization/en-US/chat/accounts.ftl":                      "add-account-label = Add Account\naccount-manager-add-account =\n    .label = { add-account-label }\n",
		"localization/en-US/chat/xmpp.ftl":                          "options-connect-server = Server\n",
		"localization/en-US/branding/brand.ftl":                     "-brand-short-name = Thunderbird\n",
		"chrome/en-US/locale/en-US/messenger/imAccountWizard.dtd":   `<!ENTITY accountProtocolField.label "Network:">`,
		"chrome/en-US/locale/en-US/messenger/imAccounts.properties": "accountUsername=Username:\n",
	}))
	writeFile(t, root(filepath.Join(p.Thunderbird, "extensions", "langpack-fr@thunderbird.mozilla.org.xpi")), buildZip(t, map[string]string{
		"localization/fr/chat/accounts.ftl":                   "add-account-label = Ajouter un compte\naccount-manager-add-account =\n    .label = { add-account-label }\n",
		"localization/fr/branding/brand.ftl":                  "-brand-short-name = Thunderbird\n",
		"chrome/fr/locale/fr/messenger/imAccountWizard.dtd":   "<!ENTITY accountProtocolField.label \"Réseau\u00a0:\">",
		"chrome/fr/locale/fr/messenger/imAccounts.properties": "accountUsername = Nom d’utilisateur\u00a0:\n",
	}))
	// Spanish comes in regional packs only (thunderbird-l10n-es-es), and
	// gettext names Brazilian Portuguese pt_BR.
	writeFile(t, root(filepath.Join(p.Thunderbird, "extensions", "langpack-es-ES@thunderbird.mozilla.org.xpi")), buildZip(t, map[string]string{
		"localization/es-ES/chat/accounts.ftl":                      "add-account-label = Añadir cuenta\naccount-manager-add-account =\n    .label = { add-account-label }\n",
		"localization/es-ES/branding/brand.ftl":                     "-brand-short-name = Thunderbird\n",
		"chrome/es-ES/locale/es-ES/messenger/imAccountWizard.dtd":   `<!ENTITY accountProtocolField.label "Red:">`,
		"chrome/es-ES/locale/es-ES/messenger/imAccounts.properties": "accountUsername=Nombre de usuario:\n",
	}))
	writeFile(t, root(filepath.Join(p.Locale, "pt_BR", "LC_MESSAGES", "pidgin.mo")), buildMO(t, binary.LittleEndian, map[string]string{
		"/_Accounts": "/_Contas", "/Accounts/Manage Accounts": "/Contas/Gerenciar contas", "_Username:": "_Usuário:", "Domain": "Domínio",
	}))
	writeFile(t, root(filepath.Join(p.Locale, "pt_BR", "LC_MESSAGES", "gtk20.mo")), buildMO(t, binary.LittleEndian, map[string]string{
		"Stock label\x04_Add": "_Adicionar",
	}))
	return dir, p
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func buildZip(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortedKeys(files) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGenerateFromFakeCatalogs(t *testing.T) {
	dir, paths := fakeTree(t)
	g := newGenerator(tree{Name: dir, FS: os.DirFS(dir)}, paths)

	gtkClient := client{Name: "pidgin", Kind: gettextCatalogs, Labels: map[string]source{
		"menu.accounts":       {Domain: "pidgin", Key: "/_Accounts", Mnemonic: true, MenuPath: true},
		"menu.manageAccounts": {Domain: "pidgin", Key: "/Accounts/Manage Accounts", Mnemonic: true, MenuPath: true},
		"field.username":      gtm("_Username:"),
		"field.domain":        gtm("Domain"),
		"button.addSave":      {Domain: "gtk20", Key: "Stock label\x04_Add", Mnemonic: true},
		"cert.fingerprintSHA1": {Domain: "pidgin", Line: "Fingerprint (SHA1)",
			Key: "Common name: %s\n\nFingerprint (SHA1): %s\n"},
		"cert.accept": gt("Accept"),
	}}
	mozClient := client{Name: "thunderbird", Kind: mozillaCatalogs, Labels: map[string]source{
		"accounts.addAccount":  ftl(tbAccounts, "account-manager-add-account", "label"),
		"opt.server":           ftl(tbXMPP, "options-connect-server", ""), // not in the langpack
		"wizard.network":       dtd("chrome/{locale}/locale/{locale}/messenger/imAccountWizard.dtd", "accountProtocolField.label"),
		"wizard.usernameField": prop(tbIMAccounts, "accountUsername"),
	}}

	for _, tc := range []struct {
		c            client
		lang         string
		pkg          string
		want         map[string]string
		untranslated []string
	}{
		{gtkClient, "fr", "pidgin", map[string]string{
			"menu.accounts": "Comptes", "menu.manageAccounts": "Gérer les comptes",
			"field.username": "Utilisateur", "field.domain": "Domaine", "button.addSave": "Ajouter",
			"cert.fingerprintSHA1": "Fingerprint (SHA1)", "cert.accept": "Accept",
		}, []string{"cert.accept", "cert.fingerprintSHA1"}},
		{gtkClient, "en", "pidgin", map[string]string{
			"menu.accounts": "Accounts", "menu.manageAccounts": "Manage Accounts",
			"field.username": "Username", "field.domain": "Domain", "button.addSave": "Add",
			"cert.fingerprintSHA1": "Fingerprint (SHA1)", "cert.accept": "Accept",
		}, nil},
		{mozClient, "fr", "thunderbird-l10n-fr", map[string]string{
			"accounts.addAccount": "Ajouter un compte", "opt.server": "Server",
			"wizard.network": "Réseau", "wizard.usernameField": "Nom d’utilisateur",
		}, []string{"opt.server"}},
		{mozClient, "es", "thunderbird-l10n-es-es", map[string]string{
			"accounts.addAccount": "Añadir cuenta", "opt.server": "Server",
			"wizard.network": "Red", "wizard.usernameField": "Nombre de usuario",
		}, []string{"opt.server"}},
		{gtkClient, "pt-BR", "pidgin", map[string]string{
			"menu.accounts": "Contas", "menu.manageAccounts": "Gerenciar contas",
			"field.username": "Usuário", "field.domain": "Domínio", "button.addSave": "Adicionar",
		}, []string{"cert.accept", "cert.fingerprintSHA1"}},
		{mozClient, "en", "thunderbird", map[string]string{
			"accounts.addAccount": "Add Account", "opt.server": "Server",
			"wizard.network": "Network", "wizard.usernameField": "Username",
		}, nil},
	} {
		set, err := g.labels(tc.c, tc.lang)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.c.Name, tc.lang, err)
		}
		if set.Package != tc.pkg || set.Version != "1.0-"+tc.pkg || set.Lang != tc.lang {
			t.Errorf("%s %s: header %+v", tc.c.Name, tc.lang, set)
		}
		for id, want := range tc.want {
			if set.Labels[id] != want {
				t.Errorf("%s %s %s = %q, want %q", tc.c.Name, tc.lang, id, set.Labels[id], want)
			}
		}
		if !slices.Equal(set.Untranslated, tc.untranslated) {
			t.Errorf("%s %s untranslated = %q, want %q", tc.c.Name, tc.lang, set.Untranslated, tc.untranslated)
		}
	}

	// A label missing from every catalog is an error, not a silent gap.
	bad := client{Name: "thunderbird", Kind: mozillaCatalogs, Labels: map[string]source{
		"x": ftl(tbXMPP, "no-such-message", ""),
	}}
	if _, err := g.labels(bad, "fr"); err == nil {
		t.Error("missing Thunderbird message gave no error")
	}
	// gettext shows an unknown msgid as it is: a msgid that no catalog of
	// the client has (misspelt, or gone in this version) is an error, in
	// English too, not an "untranslated" label.
	retired := client{Name: "pidgin", Kind: gettextCatalogs, Labels: map[string]source{"x": gtm("_Modify Account…")}}
	for _, lang := range []string{"fr", "en"} {
		if _, err := g.labels(retired, lang); err == nil || !strings.Contains(err.Error(), "none of the 3 pidgin catalogs") {
			t.Errorf("%s: a msgid no catalog has gave %v", lang, err)
		}
	}
	// A package removed with its configuration kept has no catalogs.
	if _, err := g.labels(mozClient, "de"); err == nil || !strings.Contains(err.Error(), "thunderbird-l10n-de is not installed") {
		t.Errorf("removed package: %v", err)
	}
}

// A tree is read from its own root: an absolute symlink in it (which
// would point into the running system) is refused, a relative one is
// followed, as Debian's thunderbird package needs (omni.ja links to
// ../../share/thunderbird/omni.ja).
func TestTreeStaysInsideItsRoot(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, dpkgStatus), []byte("Package: gajim\nVersion: 2.6.0-2\nStatus: install ok unpacked\n"))
	writeFile(t, filepath.Join(dir, "usr/share/x/data"), []byte("inside"))
	if err := os.MkdirAll(filepath.Join(dir, "usr/lib"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../share/x/data", filepath.Join(dir, "usr/lib/relative")); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "outside")
	writeFile(t, outside, []byte("outside"))
	if err := os.Symlink(outside, filepath.Join(dir, "usr/lib/absolute")); err != nil {
		t.Fatal(err)
	}
	tr, root, err := openTree(filepath.Dir(dir), filepath.Base(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if data, err := fs.ReadFile(tr.FS, "usr/lib/relative"); err != nil || string(data) != "inside" {
		t.Errorf("relative symlink: %q, %v", data, err)
	}
	if data, err := fs.ReadFile(tr.FS, "usr/lib/absolute"); err == nil {
		t.Errorf("absolute symlink read %q from outside the tree", data)
	}
	if v, err := tr.version("gajim"); v != "2.6.0-2" || err != nil {
		t.Errorf("version = %q, %v", v, err)
	}
	if _, _, err := openTree(t.TempDir(), "sid"); !errors.Is(err, errNoTree) || !strings.Contains(err.Error(), ".ci/fetch-client-trees") {
		t.Errorf("missing tree: %v", err)
	}
}

func TestEncodeIsStable(t *testing.T) {
	set := &labelSet{Client: clientguides.ClientID("gajim"), Package: "gajim", Version: "1.7.3-2", Lang: "fr",
		Labels: map[string]string{"b": "Nom d'Hôte", "a": "<Ajouter> & …"}}
	got, err := encode(set)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "client": "gajim",
  "package": "gajim",
  "version": "1.7.3-2",
  "lang": "fr",
  "labels": {
    "a": "<Ajouter> & …",
    "b": "Nom d'Hôte"
  }
}
`
	if string(got) != want {
		t.Errorf("encode =\n%s\nwant\n%s", got, want)
	}
}
