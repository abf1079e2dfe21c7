/**
 * The values of full-text search over stored records ({@code Store.search}): the query, the kinds
 * of hit and the hits. The index itself (SQLite FTS5) is the storage package's.
 */
package dev.gitml.storage.search;
