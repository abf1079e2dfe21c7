package dev.gitml.storage.record;

/**
 * A comment or review on a GitHub pull request or issue: who wrote it (the login, as a commit's
 * author is kept), its text, a review's {@code state} ({@code APPROVED}, {@code CHANGES_REQUESTED},
 * {@code COMMENTED}; absent for a plain comment) and when.
 */
public record Comment(String author, String body, String state, String timestamp) {}
