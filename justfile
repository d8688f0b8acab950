# rosetta's tasks. Install just with: npm install -g rust-just

staticcheck := "honnef.co/go/tools/cmd/staticcheck@v0.8.2"

# List the recipes.
default:
    @just --list

# Build the rosetta binary into ./rosetta.
build:
    go build -o rosetta ./cmd/rosetta

# Run every test (the README's test command).
test:
    go test ./...

# Rewrite the golden files under testdata from the current output.
update:
    go test ./... -update

# gofmt, go vet, staticcheck and the import-direction check.
lint:
    @test -z "$(gofmt -l $(git ls-files '*.go'))" || (gofmt -l $(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1)
    go vet ./...
    go run {{staticcheck}} ./...
    go test -run TestImportDirection ./cmd/rosetta

# Check every KQL output with Microsoft's own Kusto parser and the table schema.
kql-check:
    npm ci --prefix .ci/kusto --no-audit --no-fund --loglevel=error
    go test -run 'TestMicrosoftKustoParser|TestKQLColumnsExist' -v ./backends

# Convert the bundled rules to every backend.
convert:
    go run ./cmd/rosetta convert -t splunk --format tstats rules/
    go run ./cmd/rosetta convert -t kql rules/
    go run ./cmd/rosetta convert -t eql rules/

# Run the fuzz targets for a short while each (FUZZTIME=1m just fuzz for longer).
fuzz:
    #!/usr/bin/env bash
    set -euo pipefail
    t=${FUZZTIME:-20s}
    for pkg in $(go list ./...); do
      for f in $(go test -list 'Fuzz.*' "$pkg" | grep '^Fuzz' || true); do
        echo "== $pkg $f"
        go test -run '^$' -fuzz "^$f\$" -fuzztime "$t" "$pkg"
      done
    done
