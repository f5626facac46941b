namespace AslCompiler.Generator;

/// <summary>The names of <see cref="AslGenerator"/>'s pipeline steps, so tests can assert what was cached.</summary>
public static class TrackingNames
{
    /// <summary>Each <c>*.asl.json</c> AdditionalFile with its text and MSBuild options.</summary>
    public const string DefinitionFiles = nameof(DefinitionFiles);

    /// <summary>Each definition read into a <c>DefinitionSpec</c> (null when it has errors).</summary>
    public const string Definitions = nameof(Definitions);

    /// <summary>Whether the compilation references <c>AslCompiler.Runtime</c>.</summary>
    public const string RuntimeReference = nameof(RuntimeReference);

    /// <summary>The definitions whose class or hint name an earlier file already claims (ASL1001, ASL1002).</summary>
    public const string Conflicts = nameof(Conflicts);

    /// <summary>Each definition paired with <see cref="RuntimeReference"/>: what the emitter receives.</summary>
    public const string EmitInputs = nameof(EmitInputs);
}
