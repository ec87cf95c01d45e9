"""Everything that reaches readers: builds, the archive, exports, the email edition and its
delivery."""
