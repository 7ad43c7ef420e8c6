package sqlh

import (
	"context"
	"database/sql"
	"errors"
)

type user struct{ name string }

// A Scan error returns with the rows still open.
func scanEarlyReturn(db *sql.DB) ([]user, error) {
	rows, err := db.Query("SELECT name FROM users") // want `rows, the result set from db.Query, is not closed on the path to the return at line 21`
	if err != nil {
		return nil, err
	}
	var out []user
	for rows.Next() {
		var u user
		if err := rows.Scan(&u.name); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// The same with defer rows.Close() after the error check: fine.
func scanDeferred(db *sql.DB) ([]user, error) {
	rows, err := db.QueryContext(context.Background(), "SELECT name FROM users")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []user
	for rows.Next() {
		var u user
		if err := rows.Scan(&u.name); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Read until Next returns false, which closes the rows: fine.
func exhausted(db *sql.DB) (int, error) {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// A helper of this package closes the rows.
func closeRows(rows *sql.Rows) { // want closeRows:`rows: param0 releases`
	if err := rows.Close(); err != nil {
		panic(err)
	}
}

func deferredHelper(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer closeRows(rows)
	if !rows.Next() {
		return errors.New("empty")
	}
	return nil
}

// Only the first row is read; the rest keep the connection.
func firstOnly(db *sql.DB) (string, error) {
	rows, err := db.Query("SELECT name FROM users") // want `rows, the result set from db.Query, is not closed on the path to the return at line 88`
	if err != nil {
		return "", err
	}
	var name string
	if rows.Next() {
		err = rows.Scan(&name)
	}
	return name, err
}

// A transaction not rolled back when the insert fails.
func txNoRollback(db *sql.DB) error {
	tx, err := db.Begin() // want `tx, the transaction from db.Begin, is not committed or rolled back on the path to the return at line 98`
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO t VALUES (1)"); err != nil {
		return err
	}
	return tx.Commit()
}

// Rollback deferred: fine, a no-op after Commit.
func txDeferRollback(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("INSERT INTO t VALUES (1)"); err != nil {
		return err
	}
	return tx.Commit()
}

// Rolled back explicitly on the error path: fine.
func txExplicit(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO t VALUES (1)"); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Commit or rollback in a deferred closure reading the named error: fine.
func txClosure(db *sql.DB) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
			return
		}
		err = tx.Commit()
	}()
	_, err = tx.Exec("INSERT INTO t VALUES (1)")
	return err
}

// The transaction handed to the caller.
func begin(db *sql.DB) (*sql.Tx, error) { // want begin:`tx: result0 fresh`
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	return tx, nil
}

// A prepared statement leaked when the query fails.
func stmtLeak(db *sql.DB) error {
	stmt, err := db.Prepare("SELECT 1") // want `stmt, the statement from db.Prepare, is not closed on the path to the return at line 162`
	if err != nil {
		return err
	}
	if _, err := stmt.Exec(); err != nil {
		return err
	}
	return stmt.Close()
}

// A statement prepared on a transaction is closed with it.
func txStmt(tx *sql.Tx) error { // want txStmt:`tx: param0 borrows`
	stmt, err := tx.Prepare("SELECT 1")
	if err != nil {
		return err
	}
	_, err = stmt.Exec()
	return err
}

// A dedicated connection never given back.
func connLeak(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx) // want `conn, the connection from db.Conn, is not closed on the path to the return at line 183`
	if err != nil {
		return err
	}
	return conn.PingContext(ctx)
}

func connClosed(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.PingContext(ctx)
}

// Rows handed to a scanning helper that closes them.
func scanAll(rows *sql.Rows) ([]string, error) { // want scanAll:`rows: param0 releases`
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func viaScanAll(db *sql.DB) ([]string, error) {
	rows, err := db.Query("SELECT s FROM t")
	if err != nil {
		return nil, err
	}
	return scanAll(rows)
}

// QueryRow's Scan closes the row.
func queryRow(db *sql.DB) (n int, err error) {
	err = db.QueryRow("SELECT 1").Scan(&n)
	return n, err
}
