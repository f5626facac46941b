using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>A CloudWatch Logs log group that execution logs go to.</summary>
public sealed record CloudWatchLogsLogGroup
{
    /// <summary>The ARN of the the CloudWatch log group to which you want your logs emitted to. The ARN must end with :*. Length 1–256.</summary>
    [JsonPropertyName("logGroupArn")]
    public string? LogGroupArn { get; init; }
}

/// <summary>Settings to configure server-side encryption. For additional control over security, you can encrypt your data using a customer-managed key for Step Functions state machines and activities.</summary>
public sealed record EncryptionConfiguration
{
    /// <summary>Encryption type.</summary>
    [JsonPropertyName("type")]
    public required EncryptionType Type { get; init; }

    /// <summary>Maximum duration that Step Functions will reuse data keys. When the period expires, Step Functions will call GenerateDataKey. Only applies to customer managed keys. Range 60–900.</summary>
    [JsonPropertyName("kmsDataKeyReusePeriodSeconds")]
    public int? KmsDataKeyReusePeriodSeconds { get; init; }

    /// <summary>An alias, alias ARN, key ID, or key ARN of a symmetric encryption AWS KMS key to encrypt data. To specify a AWS KMS key in a different AWS account, you must use the key ARN or alias ARN. Length 1–2048.</summary>
    [JsonPropertyName("kmsKeyId")]
    public string? KmsKeyId { get; init; }
}

/// <summary>A destination of execution logs.</summary>
public sealed record LogDestination
{
    /// <summary>An object describing a CloudWatch log group. For more information, see AWS::Logs::LogGroup in the AWS CloudFormation User Guide.</summary>
    [JsonPropertyName("cloudWatchLogsLogGroup")]
    public CloudWatchLogsLogGroup? CloudWatchLogsLogGroup { get; init; }
}

/// <summary>The LoggingConfiguration data type is used to set CloudWatch Logs options.</summary>
public sealed record LoggingConfiguration
{
    /// <summary>An array of objects that describes where your execution history events will be logged. Limited to size 1. Required, if your log level is not set to OFF.</summary>
    [JsonPropertyName("destinations")]
    public IReadOnlyList<LogDestination>? Destinations { get; init; }

    /// <summary>Determines whether execution data is included in your log. When set to false, data is excluded.</summary>
    [JsonPropertyName("includeExecutionData")]
    public bool? IncludeExecutionData { get; init; }

    /// <summary>Defines which category of execution history events are logged.</summary>
    [JsonPropertyName("level")]
    public LogLevel? Level { get; init; }
}

/// <summary>Selects whether or not the state machine's AWS X-Ray tracing is enabled. Default is false.</summary>
public sealed record TracingConfiguration
{
    /// <summary>When set to true, AWS X-Ray tracing is enabled.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }
}
