"""Knowledge-base build pipeline: sources -> AffectNet matrix -> AffectiveSpace + concept graph."""
