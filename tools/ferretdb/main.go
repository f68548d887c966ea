// Command ferretdb runs FerretDB 1.24 (a MongoDB-wire server) over SQLite for cutover-harness.
//
// Why our own main: `go install` of FerretDB's cmd panics at start because a version file is
// missing from the published module, so we embed the supported package
// github.com/FerretDB/FerretDB/ferretdb instead (see DESIGN.md section 5).
//
// Usage: ferretdb -dir DIR [-listen 127.0.0.1:0]
//
// It listens (port 0 picks a free port), prints one line "ready mongodb://HOST:PORT/" on stdout
// once the listener is bound, and runs until SIGINT/SIGTERM or until its standard input closes,
// so a parent that dies without cleaning up never leaves a server behind.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
)

// setVersion reports the FerretDB module version this binary was built with (for example
// v1.24.0) in buildInfo.ferretdbVersion: the embedded package cannot read its own version file,
// so it would say "unknown", and the harness reads this field to detect capabilities.
func setVersion() {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	for _, dep := range info.Deps {
		if dep.Path == "github.com/FerretDB/FerretDB" {
			version.Get().Version = dep.Version
		}
	}
}

// sqliteURL is FerretDB's SQLite URI for dir. Without durable, SQLite does not fsync on commit
// (synchronous=OFF, WAL journal as FerretDB sets by default): a crash of the machine may lose the
// last commits, which a scratch server for checks does not care about, as Postgres started by
// the harness runs with fsync=off (DESIGN.md section 6).
func sqliteURL(dir string, durable bool) string {
	u := "file:" + dir + "/"
	if !durable {
		u += "?_pragma=synchronous(off)"
	}
	return u
}

func main() {
	dir := flag.String("dir", "", "directory for the SQLite databases (required, must exist)")
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on")
	logLevel := flag.String("log-level", "error", "log level: debug, info, warn, error")
	watchStdin := flag.Bool("watch-stdin", true, "exit when standard input reaches EOF")
	durable := flag.Bool("durable", false, "fsync every commit (SQLite synchronous=FULL); off by default: durability is not what the harness tests")
	flag.Parse()

	if *dir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb: -dir is required")
		os.Exit(2)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: -log-level: %s\n", err)
		os.Exit(2)
	}
	setVersion()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL(*dir, *durable),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %s\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	fmt.Printf("ready %s\n", f.MongoDBURI())

	if err := f.Run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %s\n", err)
		os.Exit(1)
	}
}
