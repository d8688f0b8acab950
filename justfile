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

# Profile one with: go test -run '^$' -bench LoadCorpus -cpuprofile cpu.out ./backends && go tool pprof -top cpu.out
# The corpus is ../shared/corpus/sigmahq/rules, or ROSETTA_CORPUS=DIR.
# Speed benchmarks over the public corpus: load, convert to each format, all backends, the CLI (rules/s).
bench:
    ROSETTA_CORPUS="$(realpath "${ROSETTA_CORPUS:-../shared/corpus/sigmahq/rules}")" go test -run '^$' -bench . -benchmem ./backends ./cmd/rosetta

# The baseline converts the bundled rules (mostly process start); uses hyperfine when installed.
# Time the rosetta binary on the corpus per backend and all three, as ratios to a baseline run
# (queries to standard output, discarded: creating one file per rule is the disk's speed, not ours).
bench-convert:
    #!/usr/bin/env bash
    set -euo pipefail
    corpus=${ROSETTA_CORPUS:-../shared/corpus/sigmahq/rules}
    if [ ! -d "$corpus" ]; then echo "bench-convert: $corpus is absent (set ROSETTA_CORPUS=DIR)"; exit 1; fi
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    go build -o "$tmp/rosetta" ./cmd/rosetta
    r="$tmp/rosetta convert -q"
    rules=$(find "$corpus" -name '*.yml' -o -name '*.yaml' | wc -l)
    names=(baseline splunk kql eql all-three)
    cmds=(
      "$r -t splunk rules/"
      "$r -t splunk $corpus"
      "$r -t kql $corpus"
      "$r -t eql $corpus"
      "$r -t splunk -t kql -t eql $corpus"
    )
    : > "$tmp/means"
    if command -v hyperfine >/dev/null; then
      args=()
      for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
      hyperfine -i --warmup 3 --export-csv "$tmp/r.csv" "${args[@]}"
      tail -n +2 "$tmp/r.csv" | cut -d, -f1,2 | tr , ' ' > "$tmp/means"
    else
      echo "hyperfine is not installed (apt install hyperfine, brew install hyperfine or cargo install hyperfine): timing ${RUNS:=10} runs of each with date"
      for i in "${!cmds[@]}"; do
        bash -c "${cmds[$i]} >/dev/null" || true # warm up: the files are cached
        start=$(date +%s%N)
        for _ in $(seq "$RUNS"); do bash -c "${cmds[$i]} >/dev/null" || true; done
        end=$(date +%s%N)
        echo "${names[$i]} $(awk -v t=$((end - start)) -v n="$RUNS" 'BEGIN { printf "%.6f", t / n / 1e9 }')" >> "$tmp/means"
      done
    fi
    echo
    echo "$rules rules in $corpus; each run against the baseline (bundled rules) run:"
    awk -v rules="$rules" '
      NR == 1 { base = $2 }
      { runs = ($1 == "all-three") ? 3 : 1
        printf "  %-10s %8.1fx baseline", $1, $2 / base
        if (NR > 1) printf "  %10.0f rules/s", rules * runs / $2
        printf "\n" }' "$tmp/means"

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
