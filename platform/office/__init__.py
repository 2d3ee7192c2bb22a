"""The office side of the platform (public schema). Lives in the folder platform/ but is imported as
`office`, so that `import platform` still gives the standard library."""
