using System;
using System.Collections.Generic;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// What an exception a Lambda function's handler throws becomes, as the Lambda .NET runtime reports a function error and
/// Step Functions passes it on: the error is the exception's type name, and the cause is Lambda's JSON error document,
/// <c>{"errorType","errorMessage","stackTrace":[...],"cause":{...}}</c> (the inner exception as <c>cause</c>, nested), so
/// that a Catch parsing <c>States.StringToJson($.error.Cause)</c> reads it as on AWS. A cause is at most 32,768
/// characters, as the API's <c>cause</c> is: stack frames, then inner exceptions, then the message's end are left out
/// until it fits.
/// </summary>
internal static class LambdaFunctionError
{
    /// <summary>The API's limit on a cause's length (characters).</summary>
    internal const int MaxCauseLength = 32_768;

    /// <summary>The error document of <paramref name="exception"/> as a cause (JSON text within <see cref="MaxCauseLength"/>).</summary>
    public static string Cause(Exception exception)
    {
        // Ever smaller documents until one fits: all of it, a few frames each, no frames, no inner exceptions.
        foreach (var (frames, depth) in new[] { (int.MaxValue, 16), (10, 16), (0, 16), (0, 0) })
        {
            var text = Document(exception, frames, depth, messageLength: int.MaxValue).ToJsonString();
            if (text.Length <= MaxCauseLength)
            {
                return text;
            }
        }

        // Only the message is too long: cut it (a quarter at a time, as its escapes may lengthen it).
        var length = Math.Min(exception.Message.Length, MaxCauseLength);
        while (true)
        {
            var text = Document(exception, 0, 0, length).ToJsonString();
            if (text.Length <= MaxCauseLength || length == 0)
            {
                return text;
            }

            length = length * 3 / 4;
        }
    }

    /// <summary>A message cut to at most <see cref="MaxCauseLength"/> characters (a handler's exception on another resource).</summary>
    public static string Message(Exception exception) =>
        exception.Message.Length <= MaxCauseLength ? exception.Message : exception.Message.Substring(0, MaxCauseLength);

    private static JsonValue Document(Exception exception, int frames, int depth, int messageLength)
    {
        var message = exception.Message.Length <= messageLength ? exception.Message : exception.Message.Substring(0, messageLength);
        var members = new List<KeyValuePair<string, JsonValue>>(4)
        {
            new("errorType", exception.GetType().Name),
            new("errorMessage", message),
        };
        var trace = StackFrames(exception, frames);
        if (trace.Count > 0)
        {
            members.Add(new("stackTrace", JsonValue.CreateArray(trace.ToArray())));
        }

        if (depth > 0 && exception.InnerException is { } inner)
        {
            members.Add(new("cause", Document(inner, frames, depth - 1, messageLength)));
        }

        return JsonValue.CreateObject(members.ToArray());
    }

    private static List<JsonValue> StackFrames(Exception exception, int most)
    {
        var frames = new List<JsonValue>();
        if (most <= 0 || exception.StackTrace is not { } trace)
        {
            return frames;
        }

        foreach (var line in trace.Split('\n'))
        {
            var frame = line.Trim();
            if (frame.Length > 0)
            {
                frames.Add(frame);
                if (frames.Count == most)
                {
                    break;
                }
            }
        }

        return frames;
    }
}
