using System;

namespace AslCompiler.Runtime.Execution;

internal enum TaskResourceKind
{
    Service,
    Lambda,
    Activity,
}

/// <summary>Classifies Task resources: a Lambda ARN, an activity ARN, or a service integration (with its pattern).</summary>
internal static class TaskResource
{
    public const string WaitForTaskTokenSuffix = ".waitForTaskToken";

    public static TaskResourceKind Classify(string resource)
    {
        if (resource.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = resource.Split(':');
            if (parts.Length >= 6 && parts[2] == "lambda" && parts[5] == "function")
            {
                return TaskResourceKind.Lambda;
            }

            if (parts.Length >= 6 && parts[2] == "states" && parts[5] == "activity")
            {
                return TaskResourceKind.Activity;
            }
        }

        return TaskResourceKind.Service;
    }

    public static bool IsWaitForTaskToken(string resource) => resource.EndsWith(WaitForTaskTokenSuffix, StringComparison.Ordinal);

    public static bool IsSync(string resource) =>
        resource.EndsWith(".sync", StringComparison.Ordinal) || resource.EndsWith(".sync:2", StringComparison.Ordinal);

    /// <summary>AWS's (resourceType, resource) split of <c>arn:aws:states:::lambda:invoke</c> → (<c>lambda</c>, <c>invoke</c>).</summary>
    public static (string ResourceType, string Resource) Split(string resource)
    {
        const string Prefix = "arn:aws:states:::";
        if (resource.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var rest = resource[Prefix.Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (rest, rest) : (rest[..colon], rest[(colon + 1)..]);
        }

        return ("lambda", resource);
    }
}
