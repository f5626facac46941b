using System;

namespace AslCompiler.Server.Services;

/// <summary>
/// The credentials requests to a local AWS service endpoint are signed with (Signature Version 4). Local emulators
/// accept any; some use the access key to choose their data (DynamoDB Local keeps a database file per access key and
/// region unless started with <c>-sharedDb</c>), so give the ones the tables were created with.
/// </summary>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="SecretAccessKey">The secret access key.</param>
/// <param name="SessionToken">The session token of temporary credentials, or null.</param>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>
    /// <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and <c>AWS_SESSION_TOKEN</c> from the environment, as the AWS
    /// CLI and SDKs read them; <c>test</c> and <c>test</c> when they are not set (LocalStack's defaults).
    /// </summary>
    /// <returns>The credentials.</returns>
    public static AwsCredentials FromEnvironment() => new(
        NonEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")) ?? "test",
        NonEmpty(Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY")) ?? "test",
        NonEmpty(Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN")));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
