package dev.tokenkeeper.embed.entity;

import java.io.Serializable;

/**
 * Where a {@code powerbi} report lives in Power BI: its workspace (a "group" in the REST API), the
 * report, and the dataset (semantic model) its row-level security roles are defined on. All three
 * are GUIDs, kept in lower case as Power BI writes them.
 */
public record PowerBiReportIds(String workspaceId, String reportId, String datasetId) implements Serializable {
}
