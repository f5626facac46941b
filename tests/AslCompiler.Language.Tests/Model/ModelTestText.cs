using AslCompiler.Language.Model;

namespace AslCompiler.Language.Tests.Model;

/// <summary>Helpers to read small definitions written inline in tests.</summary>
internal static class ModelTestText
{
    /// <summary>Reads <paramref name="json"/> (single quotes stand for double quotes) and returns the model.</summary>
    public static StateMachineDefinition Read(string json)
    {
        var result = AslDefinitionReader.Read(json.Replace('\'', '"'));
        Assert.True(result.Definition is not null, string.Join("; ", result.Diagnostics));
        return result.Definition!;
    }

    /// <summary>Reads a definition with one state named <c>S</c> and returns that state.</summary>
    public static T State<T>(string stateJson, string topLevel = "")
        where T : State
    {
        var definition = Read("{" + topLevel + "'StartAt':'S','States':{'S':" + stateJson + "}}");
        return Assert.IsType<T>(definition.GetState("S"));
    }
}
