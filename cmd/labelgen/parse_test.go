package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
)

// buildMO writes a minimal .mo file by hand, in either byte order.
func buildMO(t *testing.T, order binary.ByteOrder, entries map[string]string) []byte {
	t.Helper()
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys) // gettext requires sorted msgids
	n := uint32(len(keys))
	origTab := uint32(28)
	transTab := origTab + 8*n
	strOff := transTab + 8*n
	var head, strs bytes.Buffer
	w := func(b *bytes.Buffer, v uint32) { _ = binary.Write(b, order, v) }
	w(&head, moMagic)
	w(&head, 0)
	w(&head, n)
	w(&head, origTab)
	w(&head, transTab)
	w(&head, 0)
	w(&head, 0)
	var orig, trans bytes.Buffer
	add := func(tab *bytes.Buffer, s string) {
		w(tab, uint32(len(s)))
		w(tab, strOff+uint32(strs.Len()))
		strs.WriteString(s)
		strs.WriteByte(0)
	}
	for _, k := range keys {
		add(&orig, k)
	}
	for _, k := range keys {
		add(&trans, entries[k])
	}
	return append(append(append(head.Bytes(), orig.Bytes()...), trans.Bytes()...), strs.Bytes()...)
}

func TestParseMO(t *testing.T) {
	entries := map[string]string{
		"":                          "Content-Type: text/plain; charset=UTF-8\n",
		"_Add...":                   "_Ajouter...",
		"Stock label\x04_Add":       "A_jouter",
		"%d account\x00%d accounts": "%d compte\x00%d comptes",
		"Untranslated":              "",
		"Password:":                 "Mot de passe\u00a0:",
	}
	for name, order := range map[string]binary.ByteOrder{"little": binary.LittleEndian, "big": binary.BigEndian} {
		t.Run(name, func(t *testing.T) {
			c, err := parseMO(buildMO(t, order, entries))
			if err != nil {
				t.Fatal(err)
			}
			want := catalog{
				"_Add...":             "_Ajouter...",
				"Stock label\x04_Add": "A_jouter",
				"%d account":          "%d compte",
				"Password:":           "Mot de passe\u00a0:",
			}
			if len(c) != len(want) {
				t.Errorf("got %d entries %q, want %d", len(c), c, len(want))
			}
			for k, v := range want {
				if c[k] != v {
					t.Errorf("%q = %q, want %q", k, c[k], v)
				}
			}
		})
	}
	if _, err := parseMO([]byte("not a mo file at all, clearly")); err == nil {
		t.Error("garbage parsed without error")
	}
}

// TestParseMOFromMsgfmt checks the parser against gettext's own compiler.
func TestParseMOFromMsgfmt(t *testing.T) {
	msgfmt, err := exec.LookPath("msgfmt")
	if err != nil {
		t.Skip("msgfmt not installed (gettext); the hand-built .mo test covers the format")
	}
	dir := t.TempDir()
	po := `msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

msgctxt "Stock label"
msgid "_Add"
msgstr "A_jouter"

msgid "/Accounts/Manage Accounts"
msgstr "/Comptes/Gérer les comptes"

msgid "_Modify Account…"
msgstr "_Modifier le compte …"
`
	if err := os.WriteFile(filepath.Join(dir, "x.po"), []byte(po), 0o644); err != nil {
		t.Fatal(err)
	}
	mo := filepath.Join(dir, "x.mo")
	if out, err := exec.Command(msgfmt, "-o", mo, filepath.Join(dir, "x.po")).CombinedOutput(); err != nil {
		t.Fatalf("msgfmt: %v\n%s", err, out)
	}
	c, err := readMO(os.DirFS(dir), "x.mo")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"Stock label\x04_Add":       "A_jouter",
		"/Accounts/Manage Accounts": "/Comptes/Gérer les comptes",
		"_Modify Account…":          "_Modifier le compte …",
	} {
		if c[k] != v {
			t.Errorf("%q = %q, want %q", k, c[k], v)
		}
	}
}

func TestParseFTL(t *testing.T) {
	b := &ftlBundle{files: map[string]map[string]*ftlMessage{
		"accounts.ftl": parseFTL(`# comment
add-account-label = Ajouter un compte
accounts-window-title = État de la messagerie instantanée
account-manager-add-account =
    .label = { add-account-label }
    .accesskey = A
exception-mgr =
    .title = Ajout d’une exception de sécurité
brand-line = Bienvenue dans { -brand-short-name }
literal = a{ "–" }b
multi =
    première ligne
    seconde ligne
-local-term = terme
uses-var = Bonjour { $name }
`),
		"brand.ftl": parseFTL("-brand-short-name = Thunderbird\n"),
	}}
	for _, tc := range []struct{ id, attr, want string }{
		{"accounts-window-title", "", "État de la messagerie instantanée"},
		{"account-manager-add-account", "label", "Ajouter un compte"},
		{"account-manager-add-account", "accesskey", "A"},
		{"exception-mgr", "title", "Ajout d’une exception de sécurité"},
		{"brand-line", "", "Bienvenue dans Thunderbird"},
		{"literal", "", "a–b"},
		{"multi", "", "première ligne\nseconde ligne"},
	} {
		got, ok, err := b.lookup("accounts.ftl", tc.id, tc.attr)
		if err != nil || !ok || got != tc.want {
			t.Errorf("%s.%s = %q, %v, %v; want %q", tc.id, tc.attr, got, ok, err, tc.want)
		}
	}
	if _, ok, err := b.lookup("accounts.ftl", "missing", ""); ok || err != nil {
		t.Errorf("missing message: ok=%v err=%v, want not found and no error", ok, err)
	}
	if _, _, err := b.lookup("accounts.ftl", "uses-var", ""); err == nil {
		t.Error("a variable placeable resolved silently; want an error")
	}
	if _, _, err := b.lookup("accounts.ftl", "exception-mgr", "label"); err == nil {
		t.Error("a missing attribute gave no error")
	}
}

func TestParseDTD(t *testing.T) {
	got := parseDTD(`<!-- <!ENTITY commented.label "no"> -->
<!ENTITY windowTitle.label            "Assistant de création de compte">
<!ENTITY accountProtocolField.label "Réseau&#160;:">
<!ENTITY single.label 'Nom d&apos;hôte "x"'>
<!ENTITY more.label "Obtenir plus&#x2026;">
`)
	want := map[string]string{
		"windowTitle.label":          "Assistant de création de compte",
		"accountProtocolField.label": "Réseau\u00a0:",
		"single.label":               `Nom d'hôte "x"`,
		"more.label":                 "Obtenir plus…",
	}
	if len(got) != len(want) {
		t.Errorf("got %q", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestParseProperties(t *testing.T) {
	got := parseProperties("# comment\n! other comment\n" +
		"certErrorTrust_SelfSigned = Le certificat n’est pas sûr car il est auto-signé.\n" +
		"accountUsername=Username:\n" +
		"escaped=caf\\u00e9\\tok\n" +
		"long=first \\\n    second\n" +
		"requestAuthorizeAllow=&Autoriser\n")
	want := map[string]string{
		"certErrorTrust_SelfSigned": "Le certificat n’est pas sûr car il est auto-signé.",
		"accountUsername":           "Username:",
		"escaped":                   "café\tok",
		"long":                      "first second",
		"requestAuthorizeAllow":     "&Autoriser",
	}
	if len(got) != len(want) {
		t.Errorf("got %q", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestLabelCleanup(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{stripMarker("Pro_tocole\u00a0:", '_'), "Protocole"},
		{stripMarker("Nom d'_Hôte", '_'), "Nom d'Hôte"},
		{stripMarker("a__b_c", '_'), "a_bc"},
		{stripMarker("&Autoriser", '&'), "Autoriser"},
		{"START TLS", "START TLS"}, // literals are never passed to stripMarker
		{"Domaine:", "Domaine"},
		{"Adresse\u00a0:", "Adresse"},
		{"Adresse\u202f:", "Adresse"},
		{"Voir le certificat...", "Voir le certificat..."},
		{"Se connecter à ce compte maintenant.", "Se connecter à ce compte maintenant."},
	} {
		if got := cleanLabel(tc.in); got != tc.want {
			t.Errorf("cleanLabel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	got, err := pickLine("Common name: %s\n\nFingerprint (SHA1): %s\n",
		"Nom : %s\n\nEmpreinte (SHA1)\u00a0: %s\n", "Fingerprint (SHA1)")
	if err != nil || cleanLabel(got) != "Empreinte (SHA1)" {
		t.Errorf("pickLine = %q, %v", got, err)
	}
}
