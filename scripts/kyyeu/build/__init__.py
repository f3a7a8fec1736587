"""The build's stages, one module each, in pipeline order: generate → mkdocs → search → publish;
`languages` runs them for every language at once and `pipeline.build` is `kyyeu build`. See ARCHITECTURE.md."""
