#!/usr/bin/env bash
# Builds CareLoop's base image from Debian packages, without a Docker daemon or a registry: Debian 12
# (essential packages), OpenJDK 17 headless (the JDK the benchmarks ran on), CA certificates, time
# zones, and the user careloop (10001) owning /var/lib/careloop. Written as a `docker save` tarball,
# which Jib takes as `tar://` base (ops/README.md).
#   ops/image/build-base.sh [--if-missing] [OUTPUT.tar]     default: .work/image/careloop-base.tar
# --if-missing keeps an OUTPUT built by this same script (its digest is kept beside it, OUTPUT.script);
# without it, the base is built anew, with Debian's latest security updates.
# Needs root (or user namespaces) and mmdebstrap (apt-get install mmdebstrap). The package mirror is
# the host's own apt sources (BASE_APT_SOURCES names another sources file).
set -euo pipefail
if_missing=false
if [ "${1:-}" = --if-missing ]; then if_missing=true; shift; fi
out=$(realpath -m "${1:-$(dirname "$0")/../../.work/image/careloop-base.tar}")
script_digest=$(sha256sum "$0" | cut -d' ' -f1)
if $if_missing && [ -f "$out" ] && [ "$(cat "$out.script" 2>/dev/null)" = "$script_digest" ]; then
  echo "Base image: $out (kept; ops/image/build-base.sh without --if-missing builds it anew)"
  exit 0
fi
sources=${BASE_APT_SOURCES:-/etc/apt/sources.list.d/debian.sources}
[ -f "$sources" ] || sources=/etc/apt/sources.list
command -v mmdebstrap >/dev/null || { echo "mmdebstrap is missing: apt-get install mmdebstrap" >&2; exit 3; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/image" "$(dirname "$out")"

# The user's name and home exist in the image, so that tools and the JVM see a real user; no shell.
add_user='echo "careloop:x:10001:10001:CareLoop:/var/lib/careloop:/usr/sbin/nologin" >> "$1/etc/passwd";
  echo "careloop:x:10001:" >> "$1/etc/group";
  mkdir -p "$1/var/lib/careloop" && chown 10001:10001 "$1/var/lib/careloop" && chmod 0750 "$1/var/lib/careloop"'
mmdebstrap --quiet --variant=essential --format=tar \
  --include=openjdk-17-jre-headless,ca-certificates,tzdata \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook="$add_user" \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
  bookworm "$work/image/layer.tar" "$sources"

# A one-layer image in `docker save` form: the layer, its config (diff id = the layer's digest), a manifest.
layer_digest=$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)
java_version=$(tar -xOf "$work/image/layer.tar" ./usr/lib/jvm/java-17-openjdk-amd64/release 2>/dev/null \
  | sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p')
jq -n --arg diff "sha256:$layer_digest" --arg java "$java_version" '{
  architecture: "amd64", os: "linux",
  config: {
    Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64", "LANG=C.UTF-8"],
    Labels: {"org.opencontainers.image.description": ("Debian 12 and OpenJDK " + $java + " for CareLoop"),
             "io.careloop.base.java": $java}
  },
  rootfs: {type: "layers", diff_ids: [$diff]},
  history: [{created_by: "ops/image/build-base.sh (mmdebstrap bookworm)"}]
}' > "$work/image/config.json"
config_digest=$(sha256sum "$work/image/config.json" | cut -d' ' -f1)
mv "$work/image/config.json" "$work/image/$config_digest.json"
jq -n --arg config "$config_digest.json" \
  '[{Config: $config, RepoTags: ["careloop-base:bookworm"], Layers: ["layer.tar"]}]' > "$work/image/manifest.json"
tar -C "$work/image" -cf "$out.partial" manifest.json "$config_digest.json" layer.tar
mv "$out.partial" "$out"
echo "$script_digest" > "$out.script"
echo "Base image: $out (OpenJDK $java_version, $(du -h "$out" | cut -f1))"
