# lockwarden test fixture: harmless placeholder at a TeamPCP persistence path.
