package dev.tokenkeeper.admin.boundary;

import dev.tokenkeeper.embed.boundary.NewReport;
import dev.tokenkeeper.embed.boundary.PowerBiConnectionInput;
import dev.tokenkeeper.embed.boundary.PowerBiConnectionView;
import dev.tokenkeeper.embed.boundary.PowerBiConnections;
import dev.tokenkeeper.embed.boundary.ReportView;
import dev.tokenkeeper.embed.boundary.Reports;
import dev.tokenkeeper.platform.entity.InvalidInputException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A tenant's reports (builtin or Power BI) and its Power BI connection, whose secret is never shown, only whether it is set. */
@Named
@ViewScoped
public class ReportsPage extends TenantPage {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> REPORT_FIELDS = Map.of("id", "newReport:id", "name", "newReport:name",
            "provider", "newReport:provider", "powerBi", "newReport:workspaceId", "powerBi.workspaceId", "newReport:workspaceId",
            "powerBi.reportId", "newReport:pbiReportId", "powerBi.datasetId", "newReport:datasetId");
    private static final Map<String, String> CONNECTION_FIELDS = Map.of("entraTenantId", "powerBi:entraTenantId",
            "clientId", "powerBi:clientId", "clientSecret", "powerBi:clientSecret");

    @Inject
    Reports reports;

    @Inject
    PowerBiConnections connections;

    @Inject
    transient Validator validator;

    private List<ReportView> list = List.of();
    private PowerBiConnectionView connection;
    private String id;
    private String name;
    private String provider = "builtin";
    private String workspaceId;
    private String pbiReportId;
    private String datasetId;
    private String entraTenantId;
    private String clientId;
    private String clientSecret;

    @Override
    protected void refresh() {
        list = reports.list(getTenant());
        try {
            connection = connections.get(getTenant());
            entraTenantId = connection.entraTenantId();
            clientId = connection.clientId();
        } catch (NotFoundException none) {
            connection = null;
        }
    }

    public void add() {
        NewReport input = new NewReport();
        input.id = id;
        input.name = name;
        input.provider = provider;
        if ("powerbi".equals(provider)) {
            input.powerBi = new NewReport.PowerBi();
            input.powerBi.workspaceId = workspaceId;
            input.powerBi.reportId = pbiReportId;
            input.powerBi.datasetId = datasetId;
        }
        if (!valid(validator.validate(input), REPORT_FIELDS)) {
            return;
        }
        try {
            ReportView added = reports.register(tenant(), input);
            Pages.info(Pages.text("reports.added", added.id()));
            id = name = workspaceId = pbiReportId = datasetId = null;
            refresh();
        } catch (InvalidInputException | ClientErrorException refused) {
            show(refused, REPORT_FIELDS);
        }
    }

    public void saveConnection() {
        PowerBiConnectionInput input = new PowerBiConnectionInput();
        input.entraTenantId = entraTenantId;
        input.clientId = clientId;
        input.clientSecret = clientSecret == null || clientSecret.isEmpty() ? null : clientSecret;
        clientSecret = null; // never rendered back, not even into the form
        if (!valid(validator.validate(input), CONNECTION_FIELDS)) {
            return;
        }
        try {
            connections.set(tenant(), input);
            Pages.info(Pages.text("reports.connectionSaved"));
            refresh();
        } catch (InvalidInputException | ClientErrorException refused) {
            show(refused, CONNECTION_FIELDS);
        }
    }

    private static <T> boolean valid(Set<ConstraintViolation<T>> violations, Map<String, String> fields) {
        for (ConstraintViolation<T> violation : violations) {
            Pages.error(fields.get(violation.getPropertyPath().toString()), violation.getMessage());
        }
        return violations.isEmpty();
    }

    public List<ReportView> getList() { return list; }
    public PowerBiConnectionView getConnection() { return connection; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getProvider() { return provider; }
    public void setProvider(String provider) { this.provider = provider; }
    public String getWorkspaceId() { return workspaceId; }
    public void setWorkspaceId(String workspaceId) { this.workspaceId = workspaceId; }
    public String getPbiReportId() { return pbiReportId; }
    public void setPbiReportId(String pbiReportId) { this.pbiReportId = pbiReportId; }
    public String getDatasetId() { return datasetId; }
    public void setDatasetId(String datasetId) { this.datasetId = datasetId; }
    public String getEntraTenantId() { return entraTenantId; }
    public void setEntraTenantId(String entraTenantId) { this.entraTenantId = entraTenantId; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getClientSecret() { return null; }
    public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
}
