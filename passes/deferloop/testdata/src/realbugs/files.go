// Reconstructions of published defer-in-loop bugs (file descriptor and
// connection exhaustion), each beside the fix that shipped, which must
// stay silent.
package realbugs

import (
	"archive/tar"
	"archive/zip"
	"io"
	"os"
	"path/filepath"
)

// kolide/kit#47 ("UntarBundle defers Close in a loop"), and the same shape
// in google/goblet#27 (seedRepository): one descriptor per archive entry
// stays open until the whole archive is extracted; large bundles ran out
// of files.
func untarBundle(dst string, r io.Reader) error {
	tr := tar.NewReader(r)
	for {
		header, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		file, err := os.OpenFile(filepath.Join(dst, header.Name), os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer file.Close() // want `defer file.Close\(\) in the loop at line [0-9]+ runs only when untarBundle returns`
		if _, err := io.Copy(file, tr); err != nil {
			return err
		}
	}
	return nil
}

// The fix closes each file at the end of its iteration.
func untarBundleFixedOk(dst string, r io.Reader) error {
	tr := tar.NewReader(r)
	for {
		header, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		file, err := os.OpenFile(filepath.Join(dst, header.Name), os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(file, tr)
		file.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// mstruebing/tldr#22 ("To many open files"): unzipping the pages archive
// deferred two closes per entry.
func unzipPages(dst string, r *zip.Reader) error {
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		defer rc.Close() // want `defer rc.Close\(\) in the loop at line [0-9]+ runs only when unzipPages returns`
		out, err := os.Create(filepath.Join(dst, f.Name))
		if err != nil {
			return err
		}
		defer out.Close() // want `defer out.Close\(\) in the loop at line [0-9]+`
		if _, err := io.Copy(out, rc); err != nil {
			return err
		}
	}
	return nil
}

// The fix (mstruebing/tldr#25) moves the body into copyZipFile, whose
// defers run when it returns.
func unzipPagesFixedOk(dst string, r *zip.Reader) error {
	for _, f := range r.File {
		if err := copyZipFile(dst, f); err != nil {
			return err
		}
	}
	return nil
}

func copyZipFile(dst string, f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	out, err := os.Create(filepath.Join(dst, f.Name))
	if err != nil {
		return err
	}
	defer out.Close()
	_, err = io.Copy(out, rc)
	return err
}

// prometheus/prometheus#2184 (recoverFromCrash): 256 fingerprint
// directories opened, each closed only on return.
func recoverFromCrash(base string) error {
	for i := 0; i < 1<<8; i++ {
		dir, err := os.Open(filepath.Join(base, string(rune('a'+i%26))))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		defer dir.Close() // want `defer dir.Close\(\) in the loop at line [0-9]+ runs only when recoverFromCrash returns`
		for fis := []os.FileInfo{}; err != io.EOF; fis, err = dir.Readdir(1024) {
			if err != nil {
				return err
			}
			_ = fis
		}
	}
	return nil
}

// The fix closes the directory once it is read.
func recoverFromCrashFixedOk(base string) error {
	for i := 0; i < 1<<8; i++ {
		dir, err := os.Open(filepath.Join(base, string(rune('a'+i%26))))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		for fis := []os.FileInfo{}; err != io.EOF; fis, err = dir.Readdir(1024) {
			if err != nil {
				dir.Close()
				return err
			}
			_ = fis
		}
		dir.Close()
	}
	return nil
}

func parseMetrics(io.Reader) error { return nil }

// prometheus/node_exporter#1549 ("refactor textfile collector to avoid
// looping defer"): every *.prom file of the directory stays open until
// the scrape ends.
func scrapeTextfiles(dir string, names []string) error {
	for _, name := range names {
		file, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		defer file.Close() // want `defer file.Close\(\) in the loop at line [0-9]+ runs only when scrapeTextfiles returns`
		if err := parseMetrics(file); err != nil {
			return err
		}
	}
	return nil
}

// The fix: a function per file.
func scrapeTextfilesFixedOk(dir string, names []string) error {
	for _, name := range names {
		if err := scrapeTextfile(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func scrapeTextfile(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer file.Close()
	return parseMetrics(file)
}
