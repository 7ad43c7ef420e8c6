// Reconstruction of kubeflow/pipelines#13935 ("close SQL rows on all
// early return paths in storage layer"): the list queries registered
// `defer rows.Close()` only after scanning, so a rows.Err() or scan error
// returned with the result set open and its connection out of the pool.
// Written from the description of the fix; not the project's code.
package realbugs

import (
	"context"
	"database/sql"
)

type experiment struct {
	ID, Name string
}

func scanExperiments(rows *sql.Rows) ([]experiment, error) {
	var out []experiment
	for rows.Next() {
		var e experiment
		if err := rows.Scan(&e.ID, &e.Name); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Before: the early returns skip the late defer.
func listExperimentsBuggy(ctx context.Context, tx *sql.Tx) ([]experiment, error) { // want listExperimentsBuggy:`tx: param1 borrows`
	rows, err := tx.QueryContext(ctx, "SELECT id, name FROM experiments") // want `rows, the result set from tx.QueryContext, is not closed on the path to the return at line 36`
	if err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	list, err := scanExperiments(rows)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return list, nil
}

// After: the defer comes right after the query's error check.
func listExperimentsFixed(ctx context.Context, tx *sql.Tx) ([]experiment, error) { // want listExperimentsFixed:`tx: param1 borrows`
	rows, err := tx.QueryContext(ctx, "SELECT id, name FROM experiments")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return scanExperiments(rows)
}
