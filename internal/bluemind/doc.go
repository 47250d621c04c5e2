// Package bluemind is the portal's client for BlueMind's REST API. The
// portal needs BlueMind for one thing only: to check a password and read
// who the user is. So the client logs in, reads the identity from the
// login answer, and ends the BlueMind session at once; nothing of
// BlueMind's (key, password) outlives a call.
//
// BlueMind answers every authentication outcome with HTTP 200 and a
// status string, so anything else (an error status, an HTML page from a
// proxy, a body that is not the expected JSON) means BlueMind cannot be
// asked right now, and is reported as an *UnavailableError worded for an
// administrator.
package bluemind
