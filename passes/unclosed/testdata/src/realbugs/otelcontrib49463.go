// Reconstruction of open-telemetry/opentelemetry-collector-contrib#49463
// (fixes #49462, "[internal/sqlquery] close sql.Rows to release driver
// connection"): the shared query helper never closed the rows it got from
// QueryContext, so an error from ColumnTypes or from a scan held the driver
// connection (and its buffers) until the garbage collector ran. Written
// from the description of the fix; not the project's code.
package realbugs

import (
	"context"
	"database/sql"
)

type rowScanner func(cols []*sql.ColumnType, rows *sql.Rows) (map[string]string, error)

// Before: no Close anywhere; reading to the end closes the rows, the
// early returns do not.
func queryRowsBuggy(ctx context.Context, db *sql.DB, query string, scan rowScanner) ([]map[string]string, error) {
	rows, err := db.QueryContext(ctx, query) // want `rows, the result set from db.QueryContext, is not closed on the path to the return at line 25`
	if err != nil {
		return nil, err
	}
	cols, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	var out []map[string]string
	for rows.Next() {
		m, err := scan(cols, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// After: closed by a defer right after the error check.
func queryRowsFixed(ctx context.Context, db *sql.DB, query string, scan rowScanner) ([]map[string]string, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	var out []map[string]string
	for rows.Next() {
		m, err := scan(cols, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
