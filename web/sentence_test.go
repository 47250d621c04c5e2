package web

import (
	"context"
	"reflect"
	"testing"

	"imsetup/clientguides"
	"imsetup/internal/i18n"
	"imsetup/locales"
)

// Every sentence of every guide (every version) cuts the same from the localizer's cache
// as through go-i18n each time, in every language.
func TestCachedSegmentsEqualTranslatedOnes(t *testing.T) {
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range cat.Languages() {
		ctx := WithLocalizer(context.Background(), cat.Localizer(lang))
		var all []clientguides.Sentence
		for _, g := range clientguides.Every() {
			all = append(all, g.Sentences()...)
		}
		for _, s := range all {
			if got, want := segments(ctx, s), segmentsSlow(ctx, s); !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: %+v, want %+v", lang.Code, s.Msg, got, want)
			}
		}
		// A slot the caller does not fill is printed as go-i18n prints it.
		if got, want := split(ctx, "guide.legend.text", "Label"), splitSlow(ctx, "guide.legend.text", "Label"); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: legend with one slot unfilled: %+v, want %+v", lang.Code, got, want)
		}
		if got, want := split(ctx, "guide.legend.text", "Label", "Value"), splitSlow(ctx, "guide.legend.text", "Label", "Value"); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: legend: %+v, want %+v", lang.Code, got, want)
		}
	}
}
