#!/usr/bin/env bash
# Provides the pinned Kubernetes tool binaries (kube-apiserver, etcd, kubectl,
# kube-controller-manager, helm, kubeconform). No registry reachable from our machines ships them,
# so they are built from Go modules through the module proxy and cached outside the repository.
# Prints the binary directory on stdout; progress goes to stderr.
#
#   scripts/tools.sh [tool...]     # default: kube-apiserver etcd kubectl
#   scripts/tools.sh --all         # every tool the tests use (`npm run tools`, run by `npm test`)
#
# With GPO_TOOLS_CACHED_ONLY=1 nothing is built: a missing tool is an error naming `npm run tools`.
# Tests run that way, so no timed test ever waits for a build.
set -euo pipefail

KUBERNETES_VERSION=v1.35.4
ETCD_VERSION=v3.6.5
HELM_VERSION=v3.21.4
KUBECONFORM_VERSION=v0.7.0

CACHE_ROOT="${GPO_CACHE_DIR:-$HOME/.cache/grafana-provisioning-operator}"
# Kubernetes binaries are keyed by their versions in the directory name; helm and kubeconform by
# versioned file names (with a plain-named link), so bumping one never rebuilds the others.
BIN_DIR="$CACHE_ROOT/bin/k8s-$KUBERNETES_VERSION-etcd-$ETCD_VERSION"
BUILD_ROOT="$CACHE_ROOT/build"
export GOFLAGS="-mod=mod"
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
export CGO_ENABLED=0

log() { echo "[tools] $*" >&2; }

# Go is needed only to build; cached binaries are used without it.
need_go() {
  command -v go >/dev/null 2>&1 || { log "go is required to build $1 (the Go toolchain builds the Kubernetes binaries)"; exit 1; }
}

mkdir -p "$BIN_DIR" "$BUILD_ROOT"

ALL_TOOLS=(kube-apiserver etcd kubectl kube-controller-manager helm kubeconform)
tools=("$@")
[ ${#tools[@]} -eq 0 ] && tools=(kube-apiserver etcd kubectl)
[ "${tools[0]}" = "--all" ] && tools=("${ALL_TOOLS[@]}")

# Fast path: everything is cached, so no lock (another run may be building something else).
cached=1
for tool in "${tools[@]}"; do
  case "$tool" in
    helm) [ "$(readlink "$BIN_DIR/helm" 2>/dev/null)" = "helm-$HELM_VERSION" ] || cached=0 ;;
    kubeconform) [ "$(readlink "$BIN_DIR/kubeconform" 2>/dev/null)" = "kubeconform-$KUBECONFORM_VERSION" ] || cached=0 ;;
    *) [ -x "$BIN_DIR/$tool" ] || cached=0 ;;
  esac
done
if [ "$cached" = 1 ]; then
  echo "$BIN_DIR"
  exit 0
fi
if [ "${GPO_TOOLS_CACHED_ONLY:-}" = 1 ]; then
  log "not built yet: ${tools[*]} (in $BIN_DIR); run 'npm run tools' first (npm test does)"
  exit 3
fi

# One build at a time, even when several test runs start together.
exec 9>"$CACHE_ROOT/.build.lock"
flock 9

# Long builds print a heartbeat so a waiting user (or CI log) sees progress.
with_heartbeat() {
  local label=$1; shift
  local started=$SECONDS
  ( while sleep 30; do log "$label: still building ($((SECONDS - started))s)"; done ) &
  local beat=$!
  local rc=0
  "$@" || rc=$?
  kill "$beat" 2>/dev/null || true
  wait "$beat" 2>/dev/null || true
  return $rc
}

k8s_module() {
  local dir="$BUILD_ROOT/kubernetes-$KUBERNETES_VERSION"
  need_go "k8s.io/kubernetes"
  if [ ! -f "$dir/.ready" ]; then
    log "preparing a build module for k8s.io/kubernetes $KUBERNETES_VERSION"
    rm -rf "$dir" && mkdir -p "$dir"
    local minor="v0.${KUBERNETES_VERSION#v1.}"
    (
      cd "$dir"
      go mod init gpo-tools/kubernetes >/dev/null 2>&1
      # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with local
      # paths; the published v0.X.Y modules are the same code.
      local gomod
      gomod=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
      {
        echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
        echo "replace ("
        sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\t\1 => \1 '"$minor"'#p' "$gomod"
        echo ")"
      } >>go.mod
      cat >tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
      go mod tidy >&2
    )
    touch "$dir/.ready"
  fi
  echo "$dir"
}

k8s_ldflags() {
  local v=${KUBERNETES_VERSION#v}
  local major=${v%%.*} rest=${v#*.}
  local minor=${rest%%.*}
  local pkg
  local flags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags="$flags -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  echo "$flags"
}

build_k8s() {
  local name=$1
  [ -x "$BIN_DIR/$name" ] && return 0
  local dir
  dir=$(k8s_module)
  log "building $name $KUBERNETES_VERSION (the first build takes several minutes)"
  (cd "$dir" && with_heartbeat "$name" go build -trimpath -ldflags "$(k8s_ldflags)" -o "$BIN_DIR/$name.tmp" "k8s.io/kubernetes/cmd/$name")
  mv "$BIN_DIR/$name.tmp" "$BIN_DIR/$name"
  log "built $BIN_DIR/$name"
}

build_etcd() {
  [ -x "$BIN_DIR/etcd" ] && return 0
  need_go etcd
  local dir="$BUILD_ROOT/etcd-$ETCD_VERSION"
  log "building etcd $ETCD_VERSION"
  rm -rf "$dir" && mkdir -p "$dir"
  (
    cd "$dir"
    go mod init gpo-tools/etcd >/dev/null 2>&1
    go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2
    with_heartbeat etcd go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/etcd.tmp" go.etcd.io/etcd/server/v3
  )
  mv "$BIN_DIR/etcd.tmp" "$BIN_DIR/etcd"
  log "built $BIN_DIR/etcd"
}

build_go_install() {
  local name=$1 pkg=$2 version=$3 ldflags=${4:-}
  local versioned="$BIN_DIR/$name-$version"
  if [ ! -x "$versioned" ]; then
    need_go "$name"
    log "building $name $version"
    local gobin
    gobin=$(mktemp -d "$BUILD_ROOT/gobin.XXXXXX")
    GOBIN="$gobin" with_heartbeat "$name" go install -trimpath -ldflags "-s -w $ldflags" "$pkg@$version"
    mv "$gobin/$name" "$versioned"
    rm -rf "$gobin"
    log "built $versioned"
  fi
  ln -sfn "$name-$version" "$BIN_DIR/$name"
}

for tool in "${tools[@]}"; do
  case "$tool" in
    kube-apiserver|kubectl|kube-controller-manager) build_k8s "$tool" ;;
    etcd) build_etcd ;;
    helm) build_go_install helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION" \
      "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" ;;
    kubeconform) build_go_install kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION" ;;
    *) log "unknown tool: $tool"; exit 2 ;;
  esac
done
echo "$BIN_DIR"
