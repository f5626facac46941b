using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Server.Services;

/// <summary>
/// Sends the tasks of one AWS service that speaks the AWS JSON protocol to an endpoint of it (DynamoDB Local, ElasticMQ,
/// LocalStack...), as Step Functions Local does with DYNAMODB_ENDPOINT and SQS_ENDPOINT: the optimized integrations
/// (<c>arn:aws:states:::dynamodb:getItem</c>, <c>arn:aws:states:::sqs:sendMessage</c>...) and the AWS SDK integrations
/// (<c>arn:aws:states:::aws-sdk:dynamodb:ACTION</c>...), with their <c>.waitForTaskToken</c> forms. The task's
/// parameters are the API request (top-level nulls left out, as the SDKs leave them out), signed with Signature
/// Version 4. The result and the errors take the shapes AWS gives them: an optimized integration's result carries
/// <c>SdkHttpMetadata</c> and <c>SdkResponseMetadata</c>, an AWS SDK integration's is the response; a refusal is
/// <c>DynamoDB.ResourceNotFoundException</c> (optimized) or <c>DynamoDb.ResourceNotFoundException</c> (AWS SDK), the SDK's
/// generic exception for errors the service does not model, with the message, error code and request id in the cause.
/// </summary>
public sealed class AwsJsonTaskRouter
{
    private static readonly Service DynamoDbService = new(
        "dynamodb",
        "dynamodb",
        "DynamoDB_20120810.",
        "1.0",
        true,
        "DynamoDB",
        "AmazonDynamoDBv2",
        "AmazonDynamoDBException",
        "DynamoDb",
        "DynamoDbException",
        Modeled: new[]
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
        }.ToFrozenSet(StringComparer.Ordinal));

    private static readonly Service SqsService = new(
        "sqs",
        "sqs",
        "AmazonSQS.",
        "1.0",
        true,
        "SQS",
        "AmazonSQS",
        "AmazonSQSException",
        "Sqs",
        "SqsException",
        Modeled: new[]
        {
            "BatchEntryIdsNotDistinct", "BatchRequestTooLong", "EmptyBatchRequest", "InvalidAddress", "InvalidAttributeName",
            "InvalidAttributeValue", "InvalidBatchEntryId", "InvalidIdFormat", "InvalidMessageContents", "InvalidSecurity",
            "KmsAccessDenied", "KmsDisabled", "KmsInvalidKeyUsage", "KmsInvalidState", "KmsNotFound", "KmsOptInRequired",
            "KmsThrottled", "MessageNotInflight", "OverLimit", "PurgeQueueInProgress", "QueueDeletedRecently",
            "QueueDoesNotExist", "QueueNameExists", "ReceiptHandleIsInvalid", "RequestThrottled", "ResourceNotFoundException",
            "TooManyEntriesInBatchRequest", "UnsupportedOperation",
        }.ToFrozenSet(StringComparer.Ordinal));

    private static readonly Service EventsService = new(
        "events",
        "eventbridge",
        "AWSEvents.",
        "1.1",
        false,
        "EventBridge",
        "AmazonEventBridge",
        "AmazonEventBridgeException",
        "EventBridge",
        "EventBridgeException",
        Modeled: new[]
        {
            "AccessDeniedException", "ConcurrentModificationException", "IllegalStatusException", "InternalException",
            "InvalidEventPatternException", "InvalidStateException", "LimitExceededException", "ManagedRuleException",
            "OperationDisabledException", "PolicyLengthExceededException", "ResourceAlreadyExistsException",
            "ResourceNotFoundException", "ThrottlingException",
        }.ToFrozenSet(StringComparer.Ordinal));

    private const string WaitForTaskToken = ".waitForTaskToken";

    private readonly Service _service;
    private readonly AwsEndpoint _endpoint;

    private AwsJsonTaskRouter(Service service, Uri endpoint, string region, AwsCredentials? credentials, HttpClient? http, TimeProvider? time)
    {
        _service = service;
        _endpoint = new AwsEndpoint(endpoint, region, credentials, http, time);
    }

    /// <summary>A router of DynamoDB tasks (<c>dynamodb:getItem</c>, <c>putItem</c>, <c>updateItem</c>, <c>deleteItem</c>, <c>aws-sdk:dynamodb:*</c>).</summary>
    /// <param name="endpoint">The DynamoDB endpoint, e.g. <c>http://localhost:8000</c>.</param>
    /// <param name="region">The region requests are signed for.</param>
    /// <param name="credentials">The credentials requests are signed with; null: <see cref="AwsCredentials.FromEnvironment"/>.</param>
    /// <param name="http">The client; a new one when null.</param>
    /// <param name="time">The clock of the signatures' dates; null: the system clock.</param>
    /// <returns>The router.</returns>
    public static AwsJsonTaskRouter DynamoDb(Uri endpoint, string region, AwsCredentials? credentials = null, HttpClient? http = null, TimeProvider? time = null) =>
        new(DynamoDbService, endpoint, region, credentials, http, time);

    /// <summary>
    /// A router of SQS tasks (<c>sqs:sendMessage</c> and <c>aws-sdk:sqs:*</c>, with <c>.waitForTaskToken</c>), over SQS's
    /// JSON protocol. The optimized integration sends a <c>MessageBody</c> that is not a string as its JSON text, as AWS does.
    /// </summary>
    /// <param name="endpoint">The SQS endpoint, e.g. <c>http://localhost:9324</c>.</param>
    /// <param name="region">The region requests are signed for.</param>
    /// <param name="credentials">The credentials requests are signed with; null: <see cref="AwsCredentials.FromEnvironment"/>.</param>
    /// <param name="http">The client; a new one when null.</param>
    /// <param name="time">The clock of the signatures' dates; null: the system clock.</param>
    /// <returns>The router.</returns>
    public static AwsJsonTaskRouter Sqs(Uri endpoint, string region, AwsCredentials? credentials = null, HttpClient? http = null, TimeProvider? time = null) =>
        new(SqsService, endpoint, region, credentials, http, time);

    /// <summary>
    /// A router of EventBridge tasks (<c>events:putEvents</c> and <c>aws-sdk:eventbridge:*</c>, with
    /// <c>.waitForTaskToken</c>). As on AWS, the optimized <c>putEvents</c> sends a <c>Detail</c> that is not a string
    /// as its JSON text, returns the response without HTTP metadata, and fails with <c>EventBridge.FailedEntry</c> (the
    /// response as its cause) when an entry failed.
    /// </summary>
    /// <param name="endpoint">The EventBridge endpoint, e.g. <c>http://localhost:4566</c>.</param>
    /// <param name="region">The region requests are signed for.</param>
    /// <param name="credentials">The credentials requests are signed with; null: <see cref="AwsCredentials.FromEnvironment"/>.</param>
    /// <param name="http">The client; a new one when null.</param>
    /// <param name="time">The clock of the signatures' dates; null: the system clock.</param>
    /// <returns>The router.</returns>
    public static AwsJsonTaskRouter EventBridge(Uri endpoint, string region, AwsCredentials? credentials = null, HttpClient? http = null, TimeProvider? time = null) =>
        new(EventsService, endpoint, region, credentials, http, time);

    /// <summary>Registers the service's resources of <paramref name="partition"/> with a task handler registry.</summary>
    /// <param name="registry">The registry of the execution options.</param>
    /// <param name="partition">The ARN partition (default <c>aws</c>).</param>
    public void RegisterWith(TaskHandlerRegistry registry, string partition = "aws")
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (resource, handler) in Handlers(partition))
        {
            registry.Register(resource, handler);
        }
    }

    /// <summary>
    /// The resource patterns of <paramref name="partition"/> the router serves, with its handler for each: what
    /// <see cref="RegisterWith"/> registers, for a host that registers handlers its own way (AslCompiler.Hosting's
    /// <c>AddTaskHandler(resource, handler)</c>).
    /// </summary>
    /// <param name="partition">The ARN partition (default <c>aws</c>).</param>
    /// <returns>The patterns and handlers.</returns>
    public IReadOnlyList<KeyValuePair<string, TaskHandler>> Handlers(string partition = "aws") =>
    [
        new("arn:" + partition + ":states:::" + _service.Name + ":*", task => CallAsync(task, optimized: true)),
        new("arn:" + partition + ":states:::aws-sdk:" + _service.SdkResource + ":*", task => CallAsync(task, optimized: false)),
    ];

    private async ValueTask<JsonValue> CallAsync(TaskInvocation task, bool optimized)
    {
        var resource = task.Resource.EndsWith(WaitForTaskToken, StringComparison.Ordinal) ? task.Resource[..^WaitForTaskToken.Length] : task.Resource;
        var action = resource[(resource.LastIndexOf(':') + 1)..];
        var errorPrefix = optimized ? _service.OptimizedName : _service.SdkName;
        if (action.Length == 0 || action.Contains('.', StringComparison.Ordinal))
        {
            throw new TaskFailedException("States.Runtime", "The resource '" + task.Resource + "' names no " + _service.OptimizedName + " action a task can call.");
        }

        var body = Encoding.UTF8.GetBytes(Request(task.Input, optimized).ToJsonString());
        var target = _service.TargetPrefix + char.ToUpperInvariant(action[0]) + action[1..];
        // Held until the result is made, so virtual time does not jump while the answer is read.
        using var hold = task.HoldClock();
        var (response, text) = await _endpoint.SendAsync(body, "application/x-amz-json-" + _service.JsonVersion, target, _service.Name, errorPrefix, task.CancellationToken).ConfigureAwait(false);

        using (response)
        {
            var parsed = text.Length == 0 ? JsonValue.EmptyObject : JsonValue.TryParse(text, out var json, out _) ? json : JsonValue.Undefined;
            var requestId = AwsSdkResults.Header(response, "x-amzn-RequestId") ?? string.Empty;
            if (!response.IsSuccessStatusCode)
            {
                throw Refusal(response, parsed, text, requestId, optimized);
            }

            if (!parsed.TryGetObject(out var members))
            {
                throw _endpoint.Unreadable(errorPrefix, "a JSON object", text);
            }

            if (!optimized)
            {
                return parsed;
            }

            if (ReferenceEquals(_service, EventsService) && parsed["FailedEntryCount"].TryGetDouble(out var failed) && failed > 0)
            {
                throw new TaskFailedException("EventBridge.FailedEntry", parsed.ToJsonString());
            }

            return _service.OptimizedMetadata ? AwsSdkResults.WithHttpMetadata(members.AsSpan().ToArray(), response, requestId) : parsed;
        }
    }

    /// <summary>The request body: the parameters without their top-level nulls; an optimized SQS task's object MessageBody as its JSON text.</summary>
    private JsonValue Request(JsonValue input, bool optimized)
    {
        if (!input.TryGetObject(out var members))
        {
            return input.IsUndefined ? JsonValue.EmptyObject : input;
        }

        var builder = new JsonObjectBuilder(members.Count);
        foreach (var member in members.AsSpan())
        {
            if (member.Value.IsNull)
            {
                continue;
            }

            var value = !optimized ? member.Value
                : ReferenceEquals(_service, SqsService) && member.Key == "MessageBody" ? AwsSdkResults.AsText(member.Value)
                : ReferenceEquals(_service, EventsService) && member.Key == "Entries" ? WithDetailsAsText(member.Value)
                : member.Value;
            builder.Set(member.Key, value);
        }

        return JsonValue.FromObject(builder.ToObject());
    }

    private static JsonValue WithDetailsAsText(JsonValue entries)
    {
        if (!entries.TryGetArray(out var list))
        {
            return entries;
        }

        var converted = new JsonValue[list.Count];
        for (var i = 0; i < converted.Length; i++)
        {
            var entry = list[i];
            converted[i] = entry.TryGetObject(out var members) && !members["Detail"].IsUndefined && !members["Detail"].IsString
                ? JsonValue.FromObject(members.SetItem("Detail", AwsSdkResults.AsText(members["Detail"])))
                : entry;
        }

        return JsonValue.FromArray(JsonArrayValue.Create(converted));
    }

    private TaskFailedException Refusal(HttpResponseMessage response, JsonValue parsed, string text, string requestId, bool optimized)
    {
        // __type names the error's shape (after '#'); a service of the query protocol's era also sends its old code in
        // x-amzn-query-error ("AWS.SimpleQueueService.NonExistentQueue;Sender"), which the causes show.
        // The header x-amzn-ErrorType says it when the body does not; either may end in ":<more>" after the code.
        var type = parsed["__type"].TryGetString(out var t) || (t = AwsSdkResults.Header(response, "x-amzn-ErrorType")) is not null
            ? AwsSdkResults.ErrorCode(t)
            : "UnknownError";
        var code = AwsSdkResults.Header(response, "x-amzn-query-error") is { Length: > 0 } query ? query.Split(';')[0] : type;
        var message = parsed["message"].TryGetString(out var m) || parsed["Message"].TryGetString(out m) ? m : text;
        var status = (int)response.StatusCode;
        var exception = _service.Modeled.Contains(type)
            ? (type.EndsWith("Exception", StringComparison.Ordinal) ? type : type + "Exception")
            : optimized ? _service.OptimizedGeneric : _service.SdkGeneric;
        return optimized
            ? new TaskFailedException(_service.OptimizedName + "." + exception, message + " (Service: " + _service.OptimizedService + "; Status Code: " + status + "; Error Code: " + code + "; Request ID: " + requestId + "; Proxy: null)")
            : new TaskFailedException(_service.SdkName + "." + exception, message + " (Service: " + _service.SdkName + ", Status Code: " + status + ", Request ID: " + requestId + ")");
    }

    /// <summary>
    /// One service: its name in optimized resources and signatures, in AWS SDK resources, its JSON target and protocol
    /// version, whether its optimized results carry the SDK's HTTP metadata, and its names in errors — of the SDK v1 the
    /// optimized integrations call with (<c>DynamoDB.</c>, the service in causes, the generic exception), of the SDK v2 of
    /// the AWS SDK integrations (<c>DynamoDb.</c>, its generic exception) — and the error shapes it models.
    /// </summary>
    private sealed record Service(
        string Name,
        string SdkResource,
        string TargetPrefix,
        string JsonVersion,
        bool OptimizedMetadata,
        string OptimizedName,
        string OptimizedService,
        string OptimizedGeneric,
        string SdkName,
        string SdkGeneric,
        FrozenSet<string> Modeled);
}
