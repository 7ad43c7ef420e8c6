package app

// BadInTest exists only in the test variant of app.
func BadInTest() {}
