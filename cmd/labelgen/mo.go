package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
)

// moMagic is the first word of a GNU .mo file, read in its own byte order.
const moMagic = 0x950412de

// catalog maps a gettext key to its first translation. A key is the msgid,
// prefixed by "msgctxt\x04" when the message has a context, exactly as
// gettext itself looks messages up.
type catalog map[string]string

// readMO loads a compiled gettext catalog.
func readMO(fsys fs.FS, path string) (catalog, error) {
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, err
	}
	c, err := parseMO(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// parseMO decodes a .mo file. Plural entries are stored under their
// singular msgid with their first form, which is what a label needs.
// Empty translations are left out: gettext shows the msgid for them.
func parseMO(data []byte) (catalog, error) {
	if len(data) < 28 {
		return nil, errors.New("mo: file too short")
	}
	var order binary.ByteOrder = binary.LittleEndian
	if order.Uint32(data) != moMagic {
		order = binary.BigEndian
		if order.Uint32(data) != moMagic {
			return nil, errors.New("mo: bad magic number")
		}
	}
	word := func(off uint32) uint32 { return order.Uint32(data[off:]) }
	n, origTab, transTab := word(8), word(12), word(16)
	if uint64(origTab)+8*uint64(n) > uint64(len(data)) || uint64(transTab)+8*uint64(n) > uint64(len(data)) {
		return nil, errors.New("mo: string tables out of range")
	}
	str := func(tab, i uint32) ([]byte, error) {
		length, off := word(tab+8*i), word(tab+8*i+4)
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("mo: string %d out of range", i)
		}
		return data[off : off+length], nil
	}
	c := catalog{}
	for i := uint32(0); i < n; i++ {
		id, err := str(origTab, i)
		if err != nil {
			return nil, err
		}
		tr, err := str(transTab, i)
		if err != nil {
			return nil, err
		}
		if len(id) == 0 { // the header
			continue
		}
		id, _, _ = bytes.Cut(id, []byte{0})
		tr, _, _ = bytes.Cut(tr, []byte{0})
		if len(tr) == 0 {
			continue
		}
		c[string(id)] = string(tr)
	}
	return c, nil
}
