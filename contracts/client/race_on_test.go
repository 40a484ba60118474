//go:build race

package client_test

// raceDetector: the race detector slows the SDK's calls about tenfold.
const raceDetector = true
