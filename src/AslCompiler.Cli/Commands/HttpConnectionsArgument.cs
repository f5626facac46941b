using System;
using System.IO;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>--http-connections JSON|@file</c>: the EventBridge connections HTTP Tasks name, as an object of connection ARN to
/// CreateConnection's <c>AuthorizationType</c> and <c>AuthParameters</c> (<see cref="HttpConnectionsJson"/>).
/// </summary>
internal static class HttpConnectionsArgument
{
    public const string Name = "--http-connections";

    public const string Description = "The connections HTTP Tasks name (arn:aws:states:::http:invoke), as JSON or @file: an object of connection ARN to {\"AuthorizationType\": \"API_KEY\"|\"BASIC\"|\"OAUTH_CLIENT_CREDENTIALS\"|\"NONE\", \"AuthParameters\": {...}} as EventBridge's CreateConnection takes them.";

    /// <summary>Reads the option (null when absent); false, with a message naming the option, when it is not usable.</summary>
    public static bool TryRead(string? text, TextWriter error, out IHttpConnectionProvider? connections)
    {
        connections = null;
        if (text is null)
        {
            return true;
        }

        if (!JsonArgument.TryRead(Name, text, error, out var json))
        {
            return false;
        }

        try
        {
            connections = HttpConnectionsJson.Parse(json.ToJsonString());
            return true;
        }
        catch (FormatException e)
        {
            error.WriteLine($"asl: {Name}: {e.Message}");
            return false;
        }
    }
}
