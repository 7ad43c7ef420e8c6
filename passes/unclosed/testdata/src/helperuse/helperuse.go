package helperuse

import (
	"database/sql"
	"net/http"

	"helperlib"
)

func drained(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer helperlib.DrainAndClose(resp)
	return nil
}

func onlyStatus(url string) string {
	resp, err := http.Get(url) // want `resp, the response from http.Get, is not closed on the path to the return at line 24`
	if err != nil {
		return ""
	}
	return helperlib.Status(resp)
}

func rowsHelper(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer helperlib.CloseRows(rows)
	return nil
}

func wrapperClient(c *helperlib.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req) // want `resp, the response from c.Do, is not closed on the path to the return at line 41`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func kept(url string) {
	resp, err := http.Get(url)
	if err != nil {
		return
	}
	helperlib.Keep(resp)
}
