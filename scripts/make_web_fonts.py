"""Regenerate reportgen/assets/fonts/web/*.woff from the shipped faces (run after changing them)."""

from reportgen.briefing.fonts import FACES, WEB_COVERAGE, WEB_DIR, subset_woff


def main() -> None:
    WEB_DIR.mkdir(exist_ok=True)
    characters = "".join(sorted(WEB_COVERAGE))
    for face in FACES:
        face.web_path.write_bytes(subset_woff(face.path, characters))
        print(f"wrote {face.web_path}")


if __name__ == "__main__":
    main()
