using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Server.Services;

/// <summary>
/// Sends the optimized SNS integration (<c>arn:aws:states:::sns:publish</c>, and <c>.waitForTaskToken</c>) to an SNS
/// endpoint (LocalStack...), as Step Functions Local does with SNS_ENDPOINT: SNS's query protocol (a form-encoded
/// <c>Publish</c>, signed with Signature Version 4) and its XML answer. As on AWS, a <c>Message</c> that is not a string
/// is sent as its JSON text; the result is <c>MessageId</c> (and <c>SequenceNumber</c> for a FIFO topic) with
/// <c>SdkHttpMetadata</c> and <c>SdkResponseMetadata</c>; a refusal is <c>SNS.NotFoundException</c>,
/// <c>SNS.InvalidParameterException</c>... (<c>SNS.AmazonSNSException</c> for an error SNS does not model), with the
/// cause <c>message (Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: id; Proxy: null)</c>.
/// </summary>
public sealed class SnsTaskRouter
{
    // The error codes SNS models, and the exception each is (the SDK's class names do not all follow the code).
    private static readonly FrozenDictionary<string, string> Modeled = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AuthorizationError"] = "AuthorizationErrorException",
        ["EndpointDisabled"] = "EndpointDisabledException",
        ["InternalError"] = "InternalErrorException",
        ["InvalidParameter"] = "InvalidParameterException",
        ["ParameterValueInvalid"] = "InvalidParameterValueException",
        ["InvalidSecurity"] = "InvalidSecurityException",
        ["KMSAccessDenied"] = "KMSAccessDeniedException",
        ["KMSDisabled"] = "KMSDisabledException",
        ["KMSInvalidState"] = "KMSInvalidStateException",
        ["KMSNotFound"] = "KMSNotFoundException",
        ["KMSOptInRequired"] = "KMSOptInRequiredException",
        ["KMSThrottling"] = "KMSThrottlingException",
        ["NotFound"] = "NotFoundException",
        ["PlatformApplicationDisabled"] = "PlatformApplicationDisabledException",
        ["Throttled"] = "ThrottledException",
        ["ValidationException"] = "ValidationException",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly AwsEndpoint _endpoint;

    /// <summary>Creates a router.</summary>
    /// <param name="endpoint">The SNS endpoint, e.g. <c>http://localhost:4566</c>.</param>
    /// <param name="region">The region requests are signed for.</param>
    /// <param name="credentials">The credentials requests are signed with; null: <see cref="AwsCredentials.FromEnvironment"/>.</param>
    /// <param name="http">The client; a new one when null.</param>
    /// <param name="time">The clock of the signatures' dates; null: the system clock.</param>
    public SnsTaskRouter(Uri endpoint, string region, AwsCredentials? credentials = null, HttpClient? http = null, TimeProvider? time = null) =>
        _endpoint = new AwsEndpoint(endpoint, region, credentials, http, time);

    /// <summary>Registers <c>sns:publish</c> (and its <c>.waitForTaskToken</c> form) of <paramref name="partition"/> with a task handler registry.</summary>
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
    /// The resources of <paramref name="partition"/> the router serves, with its handler for each: what
    /// <see cref="RegisterWith"/> registers, for a host that registers handlers its own way (AslCompiler.Hosting's
    /// <c>AddTaskHandler(resource, handler)</c>).
    /// </summary>
    /// <param name="partition">The ARN partition (default <c>aws</c>).</param>
    /// <returns>The resources and handlers.</returns>
    public IReadOnlyList<KeyValuePair<string, TaskHandler>> Handlers(string partition = "aws") =>
    [
        new("arn:" + partition + ":states:::sns:publish", PublishAsync),
        new("arn:" + partition + ":states:::sns:publish.waitForTaskToken", PublishAsync),
    ];

    /// <summary>The form of a Publish request: its parameters flattened as the query protocol names them.</summary>
    internal static List<KeyValuePair<string, string>> Form(JsonValue parameters)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", "Publish"), new("Version", "2010-03-31") };
        if (!parameters.TryGetObject(out var members))
        {
            return form;
        }

        foreach (var member in members.AsSpan())
        {
            if (member.Value.IsNull)
            {
                continue;
            }

            if (member.Key == "MessageAttributes" && member.Value.TryGetObject(out var attributes))
            {
                var n = 0;
                foreach (var attribute in attributes.AsSpan())
                {
                    var prefix = "MessageAttributes.entry." + ++n + ".";
                    form.Add(new(prefix + "Name", attribute.Key));
                    if (attribute.Value.TryGetObject(out var value))
                    {
                        foreach (var field in value.AsSpan())
                        {
                            form.Add(new(prefix + "Value." + field.Key, Text(field.Value)));
                        }
                    }
                }

                continue;
            }

            form.Add(new(member.Key, member.Key == "Message" ? Text(AwsSdkResults.AsText(member.Value)) : Text(member.Value)));
        }

        return form;
    }

    private static string Text(JsonValue value) => value.TryGetString(out var text) ? text : value.ToJsonString();

    private async ValueTask<JsonValue> PublishAsync(TaskInvocation task)
    {
        var body = Encoding.UTF8.GetBytes(string.Join("&", Form(task.Input).Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        // Held until the result is made, so virtual time does not jump while the answer is read.
        using var hold = task.HoldClock();
        var (response, text) = await _endpoint.SendAsync(body, "application/x-www-form-urlencoded; charset=utf-8", null, "sns", "SNS", task.CancellationToken).ConfigureAwait(false);

        using (response)
        {
            XElement root;
            try
            {
                root = XElement.Parse(text);
            }
            catch (XmlException)
            {
                throw _endpoint.Unreadable("SNS", "XML", text);
            }

            var requestId = AwsSdkResults.Header(response, "x-amzn-RequestId") ?? Find(root, "RequestId") ?? string.Empty;
            if (!response.IsSuccessStatusCode)
            {
                var code = Find(root, "Code") ?? "UnknownError";
                var message = Find(root, "Message") ?? text;
                throw new TaskFailedException(
                    "SNS." + (Modeled.TryGetValue(code, out var exception) ? exception : "AmazonSNSException"),
                    message + " (Service: AmazonSNS; Status Code: " + (int)response.StatusCode + "; Error Code: " + code + "; Request ID: " + requestId + "; Proxy: null)");
            }

            var members = new List<KeyValuePair<string, JsonValue>>();
            foreach (var name in (string[])["MessageId", "SequenceNumber"])
            {
                if (Find(root, name) is { } value)
                {
                    members.Add(new(name, value));
                }
            }

            return AwsSdkResults.WithHttpMetadata(members, response, requestId);
        }
    }

    /// <summary>The text of the first element of that local name, at any depth (SNS's XML has a namespace; errors have none).</summary>
    private static string? Find(XElement root, string name) =>
        root.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == name && !e.HasElements)?.Value;
}
