// What "Shipshape: Create .shipshape.yaml" writes: every key, commented, with examples, and nothing
// switched on, so creating the file changes no finding. A unit test parses it with the engine.

export const STARTER_CONFIG = `# Shipshape configuration. The editor validates this file as you type; the CLI
# (\`shipshape check\`) reads the same file from the repository root.

# Severity per rule id: error | warning | info | off.
# "Shipshape: Show Rule Documentation" lists every rule. For example:
#   rules:
#     gha/unpinned-action: error
#     k8s/missing-probes: { severity: info }
rules: {}

# Files Shipshape never analyses: globs relative to this file. \`dir/\` means
# everything below it; a bare name matches at any depth. For example:
#   ignore:
#     - vendor/
#     - "**/*.generated.yaml"
ignore: []

# Rules that do not apply to some paths, each with the reason and, optionally,
# the date it expires (after which the findings come back). For example:
#   exceptions:
#     - rules: [k8s/image-floating-tag]
#       paths: ["k8s/dev/**"]
#       reason: developer sandboxes are rebuilt daily
#       until: 2027-01-31
exceptions: []

# Larger files are reported as not analysed (default 10240).
# maxFileSizeKB: 10240
`;
