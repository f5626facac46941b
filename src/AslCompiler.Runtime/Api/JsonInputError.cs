using AslCompiler.Language.Json;

namespace AslCompiler.Runtime.Api;

/// <summary>
/// The text AWS gives for JSON it cannot read in a request member (an execution's input, a task's output): Jackson's
/// message without its location (<c>Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token
/// 'null', 'true' or 'false')</c>), as AWS quotes it in <c>Invalid State Machine Execution Input: '...'</c>.
/// </summary>
internal static class JsonInputError
{
    /// <summary>Jackson's message for <paramref name="text"/>, or <paramref name="fallback"/> (our reader's) when Jackson would read it.</summary>
    public static string Describe(string text, string? fallback) => JacksonSyntax.FindError(text)?.Message ?? fallback ?? "Invalid JSON.";
}
