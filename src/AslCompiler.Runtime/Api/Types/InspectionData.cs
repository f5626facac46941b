using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>Contains additional details about the state's execution, including its input and output data processing flow, and HTTP request and response information.</summary>
public sealed record InspectionData
{
    /// <summary>The input after Step Functions applies an Arguments filter. This event will only be present when QueryLanguage for the state machine or individual states is set to JSONata. For more info, see Transforming data with Step Functions. Length at most 262144.</summary>
    [JsonPropertyName("afterArguments")]
    public string? AfterArguments { get; init; }

    /// <summary>The input after Step Functions applies the InputPath filter. Not populated when QueryLanguage is JSONata. Length at most 262144.</summary>
    [JsonPropertyName("afterInputPath")]
    public string? AfterInputPath { get; init; }

    /// <summary>The effective input after Step Functions applies the Parameters filter. Not populated when QueryLanguage is JSONata. Length at most 262144.</summary>
    [JsonPropertyName("afterParameters")]
    public string? AfterParameters { get; init; }

    /// <summary>The effective result combined with the raw state input after Step Functions applies the ResultPath filter. Not populated when QueryLanguage is JSONata. Length at most 262144.</summary>
    [JsonPropertyName("afterResultPath")]
    public string? AfterResultPath { get; init; }

    /// <summary>The effective result after Step Functions applies the ResultSelector filter. Not populated when QueryLanguage is JSONata. Length at most 262144.</summary>
    [JsonPropertyName("afterResultSelector")]
    public string? AfterResultSelector { get; init; }

    /// <summary>The raw state input. Length at most 262144.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>The raw HTTP request that is sent when you test an HTTP Task.</summary>
    [JsonPropertyName("request")]
    public InspectionDataRequest? Request { get; init; }

    /// <summary>The raw HTTP response that is returned when you test an HTTP Task.</summary>
    [JsonPropertyName("response")]
    public InspectionDataResponse? Response { get; init; }

    /// <summary>The state's raw result. Length at most 262144.</summary>
    [JsonPropertyName("result")]
    public string? Result { get; init; }

    /// <summary>A Map's items after ItemsPath (JSONPath). Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("afterItemsPath")]
    public string? AfterItemsPath { get; init; }

    /// <summary>A Map's items after its ItemSelector (each item selected). Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("afterItemSelector")]
    public string? AfterItemSelector { get; init; }

    /// <summary>A Map's items after its ItemBatcher (the batches, each <c>{"Items": [...]}</c> with its BatchInput). Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("afterItemBatcher")]
    public string? AfterItemBatcher { get; init; }

    /// <summary>A Map's MaxConcurrency as evaluated (0: unlimited). Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("maxConcurrency")]
    public int? MaxConcurrency { get; init; }

    /// <summary>A Map's ToleratedFailureCount as evaluated, when the state has one. Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("toleratedFailureCount")]
    public int? ToleratedFailureCount { get; init; }

    /// <summary>A Map's ToleratedFailurePercentage as evaluated, when the state has one. Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("toleratedFailurePercentage")]
    public double? ToleratedFailurePercentage { get; init; }

    /// <summary>Which retrier or catcher took the state's error. Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("errorDetails")]
    public InspectionErrorDetails? ErrorDetails { get; init; }

    /// <summary>JSON string that contains the set of workflow variables after execution of the state. The set will include variables assigned in the state and variables set up as test state input. Length at most 262144.</summary>
    [JsonPropertyName("variables")]
    public string? Variables { get; init; }
}

/// <summary>How Retry and Catch treat a TestState failure: the matching retrier (and its next backoff) or catcher.</summary>
public sealed record InspectionErrorDetails
{
    /// <summary>The index of the catcher that takes the error.</summary>
    [JsonPropertyName("catchIndex")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CatchIndex { get; init; }

    /// <summary>The index of the retrier that matches the error.</summary>
    [JsonPropertyName("retryIndex")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RetryIndex { get; init; }

    /// <summary>The seconds the retrier would wait before the next attempt (absent when it has no attempts left).</summary>
    [JsonPropertyName("retryBackoffIntervalSeconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RetryBackoffIntervalSeconds { get; init; }
}

/// <summary>Contains additional details about the state's execution, including its input and output data processing flow, and HTTP request information.</summary>
public sealed record InspectionDataRequest
{
    /// <summary>The request body for the HTTP request.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>The request headers associated with the HTTP request.</summary>
    [JsonPropertyName("headers")]
    public string? Headers { get; init; }

    /// <summary>The HTTP method used for the HTTP request.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    /// <summary>The protocol used to make the HTTP request.</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    /// <summary>The API endpoint used for the HTTP request.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; init; }
}

/// <summary>Contains additional details about the state's execution, including its input and output data processing flow, and HTTP response information. The inspectionLevel request parameter specifies which details are returned.</summary>
public sealed record InspectionDataResponse
{
    /// <summary>The HTTP response returned.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>The response headers associated with the HTTP response.</summary>
    [JsonPropertyName("headers")]
    public string? Headers { get; init; }

    /// <summary>The protocol used to return the HTTP response.</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    /// <summary>The HTTP response status code for the HTTP response.</summary>
    [JsonPropertyName("statusCode")]
    public string? StatusCode { get; init; }

    /// <summary>The message associated with the HTTP status code.</summary>
    [JsonPropertyName("statusMessage")]
    public string? StatusMessage { get; init; }
}
