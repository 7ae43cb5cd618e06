/**
 * The {@code azure} capacity driver: Azure Resource Manager's suspend, resume and GET of a
 * {@code Microsoft.PowerBIDedicated} capacity ({@code AzureDriver}), with an Entra ID
 * client-credentials token for ARM ({@code ArmTokens}), each call sent with the Power BI provider's
 * retry rules ({@code ArmHttp}, using {@code platform.control.RetryPolicy}). A tenant's connection
 * lives in {@code AzureConnectionStore}, its client secret sealed with the pepper.
 */
package dev.tokenkeeper.capacity.control.azure;
