// Package xmppcerttest is an in-process XMPP endpoint that does just
// enough of a client-to-server stream to show a certificate: stream
// header, features, STARTTLS (or direct TLS), handshake, end of stream.
// It never authenticates anyone.
//
// Each domain gets its own generated certificate, chosen from the
// stream's "to" and the TLS server name, as BlueMind does; an unknown
// domain gets <host-unknown/>. Modes reproduce the failures a probe must
// report. Tests use it, and so does the portal's demo mode, so the demo
// shows a real probe and real fingerprints.
package xmppcerttest
