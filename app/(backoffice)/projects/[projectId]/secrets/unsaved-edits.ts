"use client";
import { createContext } from "react";

/** Whether the Secret Editor has changes not saved yet: what is beside it (Versions) says so before discarding them. */
export const UnsavedEditsContext = createContext(false);
