using System;

namespace AslCompiler.Runtime.Api;

/// <summary>Where the in-process Step Functions lives (partition, region, account) and whose clock it reads.</summary>
public sealed class StepFunctionsOptions
{
    /// <summary>The ARN partition. Default <c>aws</c>.</summary>
    public string Partition { get; init; } = "aws";

    /// <summary>The region in ARNs. Default <c>us-east-1</c>.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account id in ARNs. Default <c>123456789012</c>.</summary>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>The clock for creation and update dates. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
