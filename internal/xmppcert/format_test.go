package xmppcert_test

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"imsetup/internal/xmppcert"
	"imsetup/internal/xmppcert/xmppcerttest"
)

// The digests of "abc" (FIPS 180-2 test vectors), in each client's layout.
var (
	abc256 = sha256.Sum256([]byte("abc"))
	abc1   = sha1.Sum([]byte("abc"))
)

const abc256Upper = "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD"

func TestFormatsAsEachClientShowsThem(t *testing.T) {
	if got := xmppcert.FormatUpper(abc256[:]); got != abc256Upper {
		t.Errorf("Thunderbird SHA-256: %s", got)
	}
	if got, want := xmppcert.FormatLower(abc1[:]), "a9:99:3e:36:47:06:81:6a:ba:3e:25:71:78:50:c2:6c:9c:d0:d8:9d"; got != want {
		t.Errorf("Pidgin SHA-1: %s, want %s", got, want)
	}
	gajim256 := []string{
		"BA:78:16:BF:8F:01:CF:EA",
		"41:41:40:DE:5D:AE:22:23",
		"B0:03:61:A3:96:17:7A:9C",
		"B4:10:FF:61:F2:00:15:AD",
	}
	if got := xmppcert.FormatLines(abc256[:], 8); !slices.Equal(got, gajim256) {
		t.Errorf("Gajim SHA-256: %q", got)
	}
	gajim1 := []string{"A9:99:3E:36:47:06:81:6A:BA:3E", "25:71:78:50:C2:6C:9C:D0:D8:9D"}
	if got := xmppcert.FormatLines(abc1[:], 10); !slices.Equal(got, gajim1) {
		t.Errorf("Gajim SHA-1: %q", got)
	}
	if got := xmppcert.FormatLines(abc1[:], 0); len(got) != 1 {
		t.Errorf("FormatLines(sum, 0) = %q, want one line", got)
	}
	if len(abc256Upper) != 95 {
		t.Errorf("a SHA-256 fingerprint is 95 characters, as Thunderbird shows it")
	}
}

// TestFormatMatchesOpenSSL checks the formats against openssl, the tool
// administrators compare with, over a real certificate.
func TestFormatMatchesOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed")
	}
	cert, err := xmppcerttest.SelfSigned("a.test", time.Now(), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "cert.pem")
	if err := os.WriteFile(f, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Leaf.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	s256, s1 := sha256.Sum256(cert.Leaf.Raw), sha1.Sum(cert.Leaf.Raw)
	for digest, want := range map[string]string{"-sha256": xmppcert.FormatUpper(s256[:]), "-sha1": xmppcert.FormatUpper(s1[:])} {
		out, err := exec.Command("openssl", "x509", "-noout", "-fingerprint", digest, "-in", f).CombinedOutput()
		if err != nil {
			t.Fatalf("openssl: %v\n%s", err, out)
		}
		_, got, _ := strings.Cut(strings.TrimSpace(string(out)), "=")
		if got != want {
			t.Errorf("openssl %s: %s, we format %s", digest, got, want)
		}
	}
}

func TestParseFingerprint(t *testing.T) {
	lower := strings.ToLower(abc256Upper)
	for _, in := range []string{
		abc256Upper,
		lower,
		strings.ReplaceAll(abc256Upper, ":", ""),
		strings.ReplaceAll(lower, ":", " "),
		"  sha256 Fingerprint=" + abc256Upper + "\n",
		"SHA256 Fingerprint=" + abc256Upper,
		strings.Join(xmppcert.FormatLines(abc256[:], 8), "\n"),
	} {
		got, err := xmppcert.ParseFingerprint(in)
		if err != nil || !bytes.Equal(got, abc256[:]) {
			t.Errorf("ParseFingerprint(%q) = %x, %v", in, got, err)
		}
	}
	for in, says := range map[string]string{
		"": "0 bytes",
		"A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D": "SHA-1",
		"ZZ" + abc256Upper[2:]:           "not hexadecimal",
		abc256Upper[:len(abc256Upper)-1]: "not hexadecimal",
	} {
		if _, err := xmppcert.ParseFingerprint(in); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("ParseFingerprint(%q) = %v, want an error saying %q", in, err, says)
		}
	}
}
