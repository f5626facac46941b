using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Server.Services;

/// <summary>
/// Sends the DynamoDB tasks of executions to a DynamoDB endpoint (DynamoDB Local, LocalStack...), as Step Functions Local
/// does with DYNAMODB_ENDPOINT: the optimized integrations (<c>arn:aws:states:::dynamodb:getItem</c>, <c>putItem</c>,
/// <c>updateItem</c>, <c>deleteItem</c>) and the AWS SDK integrations (<c>arn:aws:states:::aws-sdk:dynamodb:ACTION</c>).
/// The task's parameters are the API request, sent over DynamoDB's JSON protocol and signed (Signature Version 4). The
/// result and the errors take the shapes AWS gives them: an optimized integration's result carries
/// <c>SdkHttpMetadata</c> and <c>SdkResponseMetadata</c>, an AWS SDK integration's is the response; a refusal is
/// <c>DynamoDB.ResourceNotFoundException</c> (optimized) or <c>DynamoDb.ResourceNotFoundException</c> (AWS SDK), with
/// the SDK's generic exception for errors it does not model, and the message and request id in the cause.
/// </summary>
public sealed class DynamoDbTaskRouter
{
    private const string TargetPrefix = "DynamoDB_20120810.";

    // The errors DynamoDB's API models (each operation's Errors); any other (ValidationException, a throttle) is the
    // SDK's generic exception, as AWS reports it.
    private static readonly FrozenSet<string> Modeled = new[]
    {
        "BackupInUseException", "BackupNotFoundException", "ConditionalCheckFailedException", "ContinuousBackupsUnavailableException",
        "DuplicateItemException", "ExportConflictException", "ExportNotFoundException", "GlobalTableAlreadyExistsException",
        "GlobalTableNotFoundException", "IdempotentParameterMismatchException", "ImportConflictException", "ImportNotFoundException",
        "IndexNotFoundException", "InternalServerError", "InvalidEndpointException", "InvalidExportTimeException",
        "InvalidRestoreTimeException", "ItemCollectionSizeLimitExceededException", "LimitExceededException",
        "PointInTimeRecoveryUnavailableException", "PolicyNotFoundException", "ProvisionedThroughputExceededException",
        "ReplicaAlreadyExistsException", "ReplicaNotFoundException", "RequestLimitExceeded", "ResourceInUseException",
        "ResourceNotFoundException", "TableAlreadyExistsException", "TableInUseException", "TableNotFoundException",
        "TransactionCanceledException", "TransactionConflictException", "TransactionInProgressException",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly Uri _endpoint;
    private readonly string _region;
    private readonly AwsCredentials _credentials;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <summary>Creates a router.</summary>
    /// <param name="endpoint">The DynamoDB endpoint, e.g. <c>http://localhost:8000</c>.</param>
    /// <param name="region">The region requests are signed for.</param>
    /// <param name="credentials">The credentials requests are signed with; null: <see cref="AwsCredentials.FromEnvironment"/>.</param>
    /// <param name="http">The client; a new one when null.</param>
    /// <param name="time">The clock of the signatures' dates; null: the system clock.</param>
    public DynamoDbTaskRouter(Uri endpoint, string region, AwsCredentials? credentials = null, HttpClient? http = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(region);
        _endpoint = endpoint;
        _region = region;
        _credentials = credentials ?? AwsCredentials.FromEnvironment();
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(15) };
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Registers the DynamoDB resources of <paramref name="partition"/> with a task handler registry.</summary>
    /// <param name="registry">The registry of the execution options.</param>
    /// <param name="partition">The ARN partition (default <c>aws</c>).</param>
    public void RegisterWith(TaskHandlerRegistry registry, string partition = "aws")
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("arn:" + partition + ":states:::dynamodb:*", task => CallAsync(task, optimized: true));
        registry.Register("arn:" + partition + ":states:::aws-sdk:dynamodb:*", task => CallAsync(task, optimized: false));
    }

    private async ValueTask<JsonValue> CallAsync(TaskInvocation task, bool optimized)
    {
        var action = task.Resource[(task.Resource.LastIndexOf(':') + 1)..];
        var (sdkService, sdkException) = optimized ? ("DynamoDB", "AmazonDynamoDBException") : ("DynamoDb", "DynamoDbException");
        if (action.Length == 0 || action.Contains('.', StringComparison.Ordinal))
        {
            throw new TaskFailedException("States.Runtime", "The resource '" + task.Resource + "' names no DynamoDB action a task can call.");
        }

        var body = Encoding.UTF8.GetBytes(task.Input.IsUndefined ? "{}" : task.Input.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + char.ToUpperInvariant(action[0]) + action[1..]);
        AwsSignatureV4.Sign(request, body, _region, "dynamodb", _credentials, _time.GetUtcNow());

        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, task.CancellationToken).ConfigureAwait(false);
            text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(task.CancellationToken).ConfigureAwait(false));
        }
        catch (HttpRequestException e)
        {
            throw new TaskFailedException(sdkService + ".SdkClientException", "Unable to execute HTTP request: " + e.Message + " (the DynamoDB endpoint " + _endpoint + ")");
        }

        using (response)
        {
            var parsed = text.Length == 0 ? JsonValue.EmptyObject : JsonValue.TryParse(text, out var json, out _) ? json : JsonValue.Undefined;
            var requestId = Header(response, "x-amzn-RequestId") ?? string.Empty;
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var type = parsed["__type"].TryGetString(out var t) ? t[(t.LastIndexOf('#') + 1)..] : "UnknownError";
                var message = parsed["message"].TryGetString(out var m) || parsed["Message"].TryGetString(out m) ? m : text;
                var error = sdkService + "." + (Modeled.Contains(type) ? (type.EndsWith("Exception", StringComparison.Ordinal) ? type : type + "Exception") : sdkException);
                var cause = optimized
                    ? message + " (Service: AmazonDynamoDBv2; Status Code: " + status + "; Error Code: " + type + "; Request ID: " + requestId + "; Proxy: null)"
                    : message + " (Service: DynamoDb, Status Code: " + status + ", Request ID: " + requestId + ")";
                throw new TaskFailedException(error, cause);
            }

            if (!parsed.TryGetObject(out var members))
            {
                throw new TaskFailedException(sdkService + ".SdkClientException", "The DynamoDB endpoint " + _endpoint + " answered with what is not a JSON object: " + Shorten(text));
            }

            if (!optimized)
            {
                return parsed;
            }

            // The optimized integration's result is the response with the HTTP metadata of the SDK it calls with.
            var builder = new JsonObjectBuilder(members.Count + 2);
            foreach (var member in members.AsSpan())
            {
                builder.Set(member.Key, member.Value);
            }

            // The headers as sent (not parsed: a Server header of product tokens stays one value).
            var headers = response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
                .Select(h => (Name: h.Key, Values: h.Value.ToArray()))
                .ToList();
            var all = new JsonObjectBuilder(headers.Count);
            foreach (var (name, values) in headers)
            {
                all.Set(name, JsonValue.FromArray(JsonArrayValue.Create(values.Select(v => (JsonValue)v).ToArray())));
            }

            var single = new JsonObjectBuilder(headers.Count);
            foreach (var (name, values) in headers.OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
            {
                single.Set(name, string.Join(",", values));
            }

            return JsonValue.FromObject(builder
                .Set("SdkHttpMetadata", JsonValue.CreateObject(new("AllHttpHeaders", JsonValue.FromObject(all.ToObject())), new("HttpHeaders", JsonValue.FromObject(single.ToObject())), new("HttpStatusCode", status)))
                .Set("SdkResponseMetadata", JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("RequestId", requestId)))
                .ToObject());
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
