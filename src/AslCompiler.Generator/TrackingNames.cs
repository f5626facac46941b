namespace AslCompiler.Generator;

/// <summary>The names of <see cref="AslGenerator"/>'s pipeline steps, so tests can assert what was cached.</summary>
public static class TrackingNames
{
    /// <summary>Each <c>*.asl.json</c> AdditionalFile's text without whitespace outside strings, with its MSBuild options.</summary>
    public const string DefinitionSources = nameof(DefinitionSources);

    /// <summary>
    /// Each definition parsed and validated once into a <c>DefinitionSpec</c>: names, constants, handlers, the compiled
    /// program's source, or its errors (null only when the file cannot be read).
    /// </summary>
    public const string Definitions = nameof(Definitions);

    /// <summary>Whether the compilation references <c>AslCompiler.Runtime</c>.</summary>
    public const string RuntimeReference = nameof(RuntimeReference);

    /// <summary>The definitions whose class or hint name an earlier file already claims (ASL1001, ASL1002).</summary>
    public const string Conflicts = nameof(Conflicts);

    /// <summary>
    /// What the C# around each generated class asks of it, read from the compilation: the generated members that hide a
    /// base class's (declared <c>new</c>), and whether the typed input and output can be used and how accessible they
    /// are. Reruns on every C# edit; its result is equal unless one of those answers changes.
    /// </summary>
    public const string Classes = nameof(Classes);

    /// <summary>Each definition paired with <see cref="RuntimeReference"/>, its conflict and its class: what the emitter receives.</summary>
    public const string EmitInputs = nameof(EmitInputs);

    /// <summary>
    /// The emit inputs of definitions with errors, their errors read again from the file as written (with line and
    /// column) for the shell class's message. Reruns on any edit of a definition file, for shells only.
    /// </summary>
    public const string ShellInputs = nameof(ShellInputs);

    /// <summary>
    /// The classes of yours that carry <c>[StateMachineTypes]</c> (each with its name and where the attribute is), checked
    /// against the generated classes: on any other class the attribute does nothing (ASL1010).
    /// </summary>
    public const string AttributedClasses = nameof(AttributedClasses);
}
